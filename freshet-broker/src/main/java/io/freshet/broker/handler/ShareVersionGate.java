package io.freshet.broker.handler;

import io.freshet.broker.metadata.FeatureLevels;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.protocol.ApiMessage;

import java.util.concurrent.CompletableFuture;

/**
 * A share-group API while {@code share.version} is 0: answered UNSUPPORTED_VERSION (the request's error response), as
 * a Kafka 4.4 broker does; the client reports "The cluster does not support the share group protocol". The APIs stay
 * advertised, so turning the feature back on needs no reconnect.
 */
final class ShareVersionGate<Q extends ApiMessage, R extends ApiMessage> implements ApiHandler<Q, R> {

    private final ApiHandler<Q, R> handler;
    private final FeatureLevels features;

    private ShareVersionGate(ApiHandler<Q, R> handler, FeatureLevels features) {
        this.handler = handler;
        this.features = features;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static ApiHandler<?, ?> wrap(ApiHandler<?, ?> handler, FeatureLevels features) {
        return new ShareVersionGate(handler, features);
    }

    @Override
    public ApiVersionRange versions() {
        return handler.versions();
    }

    @Override
    public CompletableFuture<R> handle(RequestContext context, Q request) {
        if (!features.shareGroupsEnabled()) {
            return CompletableFuture.failedFuture(new UnsupportedVersionException(
                "Share groups are off: feature share.version is 0 (kafka-features.sh upgrade --feature share.version=2)"));
        }
        return handler.handle(context, request);
    }
}
