/**
 * Live streams of a topic's records on {@code records:stream}: Server-Sent Events and WebSocket.
 *
 * <pre>
 *   append (any thread) -> LiveTails.onAppend: signal only
 *     -> PartitionTail (one per partition, on one event loop): reads what is new once, encodes it once
 *        (EncodedBatch: JSON lines + ready-made WebSocket frames)
 *     -> LoopFanout (one task per event loop with subscribers)
 *     -> StreamSubscriber.onTailBatch (per stream, on its connection's loop): caught up and writable -> writes the
 *        shared bytes (SSE: SharedSse builds the events once per loop and set of positions; WebSocket: the batch's
 *        frames), each a retained duplicate; otherwise behind -> reads the log itself at its position, 64 KiB at a
 *        time while writable, until it reaches the tail's batches again; below the log start -> gap
 *     -> SseSink (chunked response) | WebSocketSink (frames); RecordsWebSocket also produces what the client sends
 *        (WebSocketProducer)
 * </pre>
 *
 * <p>Thread ownership: a tail's read position belongs to its executor; a fan-out's member list to its loop; a
 * subscriber's positions, reads and sink to its connection's loop. Log futures complete elsewhere and hop back.
 * Memory per stream is bounded by Netty's write-buffer high water mark plus one batch: nothing is queued for a
 * client that does not read.
 */
package io.freshet.http.stream;
