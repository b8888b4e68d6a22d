/**
 * The listener. Each connection is owned by one event loop for its whole life:
 * <pre>
 *   bytes -> FrameDecoder (int32 size, checked before buffering) -> KafkaConnection
 *            KafkaConnection: RequestParser (kafka-clients header + body) -> ApiRouter -> handler future
 *            handler future completes (any thread) -> hop to event loop -> ResponseQueue (request order)
 *            -> ResponseEncoder -> socket
 * </pre>
 * A malformed frame, unknown key or unsupported version closes only its own connection.
 */
package io.freshet.broker.network;
