package io.freshet.http.routing;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AttributeKey;

import java.util.Map;

/**
 * What a WebSocket path serves once the handshake is done. The HTTP layer answers the upgrade (subprotocol
 * negotiation, frame size limit {@code http.max.request.bytes}), removes its own HTTP handlers, then calls
 * {@link #install}: from then on the pipeline carries {@link io.netty.handler.codec.http.websocketx.WebSocketFrame}s
 * (close and ping frames are answered by Netty's protocol handler before they reach yours).
 */
public interface WebSocketEndpoint {

    /** The endpoint a channel was handed over to, set just before {@link #install}. */
    AttributeKey<WebSocketEndpoint> SERVING = AttributeKey.valueOf("freshet.http.webSocketEndpoint");

    /**
     * Whether the protocol spoken over this endpoint authenticates its clients itself (MQTT's CONNECT user name and
     * password), so the upgrade request needs no HTTP credentials. False by default.
     */
    default boolean authenticatesItself() {
        return false;
    }

    /** The subprotocols this endpoint speaks, comma-separated ({@code "mqtt"}), or null for none. */
    String subprotocols();

    /**
     * Checks the upgrade request before the handshake is answered, and returns what installs this connection once it
     * is: what depends on "now" (a stream's latest position) is decided here, before the client can see the socket
     * open. An exception (a {@link io.freshet.http.error.RestException}: an unknown topic, a bad parameter) refuses
     * the upgrade with an HTTP error answer, as a plain request would get. Called on the channel's event loop. By
     * default: accepted, installed by {@link #install}.
     *
     * @param handshake  the upgrade request
     * @param pathParams the path's {@code {name}} values
     */
    default Installer accept(HttpRequest handshake, Map<String, String> pathParams) throws Exception {
        return pipeline -> install(pipeline, handshake, pathParams);
    }

    /** Adds one accepted connection's handlers at the end of its pipeline, on the channel's event loop. */
    @FunctionalInterface
    interface Installer {
        void install(ChannelPipeline pipeline) throws Exception;
    }

    /**
     * Adds this endpoint's handlers at the end of {@code pipeline}. Called on the channel's event loop.
     *
     * @param handshake  the upgrade request (its headers, query and path)
     * @param pathParams the path's {@code {name}} values
     */
    void install(ChannelPipeline pipeline, HttpRequest handshake, Map<String, String> pathParams) throws Exception;

    /**
     * The HTTP listener is closing: end this endpoint's connection on {@code channel} the endpoint's own way (a
     * protocol may owe its client a goodbye, or a session its state). Closes the channel by default. Any thread.
     */
    default void shutdown(Channel channel) {
        channel.close();
    }
}
