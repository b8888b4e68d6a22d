package io.freshet.broker.handler;

import io.freshet.broker.metadata.FeatureLevels;
import io.freshet.security.connection.ConnectionLimits;
import io.freshet.security.quota.QuotaManager;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The handler of each API key, and so the version ranges the broker advertises. Immutable after construction;
 * shared by every connection.
 */
public final class ApiRouter {

    private final Map<ApiKeys, ApiHandler<?, ?>> handlers = new EnumMap<>(ApiKeys.class);
    private final ApiVersionCollection advertised = new ApiVersionCollection();
    private final AuthenticationGate gate;
    // quota: set once by BrokerApis before any connection exists (null: nothing is throttled).
    private QuotaManager quotas;
    private ConnectionLimits connectionLimits = ConnectionLimits.NONE;

    /**
     * @param handlerList every handler except ApiVersions, which the router adds since it reports the others
     * @param features    the feature levels ApiVersions reports
     */
    public ApiRouter(List<ApiHandler<?, ?>> handlerList, FeatureLevels features) {
        this(handlerList, features, new AuthenticationGate(io.freshet.security.Security.none().sasl()));
    }

    /** @param gate what a SASL listener's client may send before it has authenticated */
    public ApiRouter(List<ApiHandler<?, ?>> handlerList, FeatureLevels features, AuthenticationGate gate) {
        this.gate = gate;
        List<ApiHandler<?, ?>> all = new java.util.ArrayList<>(handlerList);
        all.add(new ApiVersionsHandler(this::advertisedVersions, features));
        for (ApiHandler<?, ?> handler : all) {
            if (handlers.put(handler.apiKey(), handler) != null) {
                throw new IllegalArgumentException("Two handlers for " + handler.apiKey());
            }
            advertised.add(new ApiVersion().setApiKey(handler.apiKey().id)
                .setMinVersion(handler.versions().min()).setMaxVersion(handler.versions().max()));
        }
    }

    public AuthenticationGate gate() {
        return gate;
    }

    /** The client quotas the connections throttle by, and the connection limits of the listener. */
    public ApiRouter withQuotas(QuotaManager quotas, ConnectionLimits connectionLimits) {
        this.quotas = quotas;
        this.connectionLimits = connectionLimits;
        return this;
    }

    /** Null when no quota can apply (a broker without a data directory's security store, in tests). */
    public QuotaManager quotas() {
        return quotas;
    }

    public ConnectionLimits connectionLimits() {
        return connectionLimits;
    }

    public Optional<ApiHandler<?, ?>> handler(ApiKeys apiKey) {
        return Optional.ofNullable(handlers.get(apiKey));
    }

    public boolean isSupported(ApiKeys apiKey, short version) {
        ApiHandler<?, ?> handler = handlers.get(apiKey);
        return handler != null && handler.versions().contains(version);
    }

    /**
     * The answer to an ApiVersions request at a version this broker does not know (KIP-511): version 0,
     * UNSUPPORTED_VERSION and the ranges, so the client can retry with a version both sides support.
     */
    public ApiVersionsResponseData unsupportedApiVersionsResponse() {
        return new ApiVersionsResponseData().setErrorCode(Errors.UNSUPPORTED_VERSION.code())
            .setApiKeys(advertisedVersions());
    }

    /** The ranges for ApiVersions; a fresh copy, since generated collections are mutable. */
    public ApiVersionCollection advertisedVersions() {
        ApiVersionCollection copy = new ApiVersionCollection();
        for (ApiVersion version : advertised) {
            copy.add(version.duplicate());
        }
        return copy;
    }
}
