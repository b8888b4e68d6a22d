package io.freshet.http.routing;

/**
 * Serves a request while its body is still arriving (a streaming produce): {@link #open} is called when the
 * request's head is read and returns what takes the body's chunks. Called on the connection's event loop.
 */
@FunctionalInterface
public interface StreamingRequestHandler {

    BodyListener open(HttpExchange exchange) throws Exception;

    /** Takes a request body chunk by chunk, on the connection's event loop. */
    interface BodyListener {

        /** The next bytes of the body. The buffer is released after this returns: copy what you keep. */
        void onContent(io.netty.buffer.ByteBuf content) throws Exception;

        /** The body ended. */
        void onEnd() throws Exception;

        /** The connection closed before the exchange ended (the client went away). */
        default void onAbort() {
        }
    }
}
