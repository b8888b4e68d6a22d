/**
 * Live streams of a topic's records on {@code records:stream}: Server-Sent Events and WebSocket.
 *
 * <pre>
 *   append (any thread) -> LiveTails.onAppend: signal only
 *     -> PartitionTail (one per partition, on one event loop): reads what is new once, encodes it once
 *        (EncodedBatch: JSON lines + ready-made WebSocket frames)
 *     -> LoopFanout (per event loop with subscribers: queues batches, at most one delivery task waiting, so
 *        batches that arrive while the loop is busy go out together)
 *     -> StreamSubscriber.onTailBatch (per stream, on its connection's loop): caught up and writable -> writes the
 *        shared bytes (SSE: SharedSse builds the events once per loop and set of positions, framed as an HTTP chunk
 *        and written past the HTTP encoder; WebSocket: the batch's frames), each a retained duplicate, then one
 *        flush per delivery; otherwise behind -> reads the log itself at its position, 64 KiB at a time while
 *        writable, until it reaches the tail's batches again; below the log start -> gap
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
