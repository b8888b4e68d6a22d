package io.freshet.http.websocket;

import io.freshet.http.routing.WebSocketEndpoint;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;

import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A WebSocket path that carries another listener's byte-stream protocol in binary frames (MQTT over WebSocket at
 * {@code /mqtt}), without this module knowing the protocol: after the handshake the pipeline gets a
 * {@link BinaryFrameCodec} (frames in, bytes out; bytes in, frames out), then the protocol's own handlers from
 * {@code installer}, exactly as they would sit on a socket of their own.
 *
 * <pre>
 *   socket -> WebSocket frame decoder (http.max.request.bytes per frame) -> FrameRefusal (1009 / 1002, then a
 *          lingering close) -> Netty's protocol handler (ping, close) -> BinaryFrameCodec -> installer's handlers
 *          (e.g. MQTT's decoder, encoder, connection)
 * </pre>
 */
public final class BinaryStreamEndpoint implements WebSocketEndpoint {

    private final String subprotocols;
    private final Consumer<ChannelPipeline> installer;
    private final Consumer<Channel> shutdown;
    private final boolean authenticatesItself;

    /**
     * @param subprotocols the subprotocol(s) answered to a client that offers them, comma-separated ({@code "mqtt"})
     * @param installer    adds the protocol's handlers at the end of the pipeline (on the channel's event loop)
     * @param shutdown     ends one connection the protocol's way when the HTTP listener stops (any thread)
     */
    public BinaryStreamEndpoint(String subprotocols, Consumer<ChannelPipeline> installer,
                                Consumer<Channel> shutdown) {
        this(subprotocols, installer, shutdown, false);
    }

    /**
     * @param authenticatesItself the protocol authenticates its clients (MQTT's CONNECT): the upgrade needs no HTTP
     *                            credentials
     */
    public BinaryStreamEndpoint(String subprotocols, Consumer<ChannelPipeline> installer,
                                Consumer<Channel> shutdown, boolean authenticatesItself) {
        this.authenticatesItself = authenticatesItself;
        this.subprotocols = Objects.requireNonNull(subprotocols, "subprotocols");
        this.installer = Objects.requireNonNull(installer, "installer");
        this.shutdown = Objects.requireNonNull(shutdown, "shutdown");
    }

    @Override
    public boolean authenticatesItself() {
        return authenticatesItself;
    }

    @Override
    public String subprotocols() {
        return subprotocols;
    }

    @Override
    public void install(ChannelPipeline pipeline, HttpRequest handshake, Map<String, String> pathParams) {
        pipeline.addLast("ws-binary", new BinaryFrameCodec());
        installer.accept(pipeline);
    }

    @Override
    public void shutdown(Channel channel) {
        shutdown.accept(channel);
    }
}
