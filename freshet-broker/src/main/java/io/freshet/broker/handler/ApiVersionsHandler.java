package io.freshet.broker.handler;

import io.freshet.broker.metadata.FeatureLevels;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * ApiVersions (key 18), versions 0-4: the API keys and version ranges this broker supports.
 * <ul>
 *   <li>v1: throttleTimeMs.</li>
 *   <li>v2: same as v1.</li>
 *   <li>v3: flexible versions (tagged fields); the client sends clientSoftwareName/Version; the response may
 *       carry supported and finalized features: Freshet reports {@code share.version} ({@link Features}).</li>
 *   <li>v4: same as v3; the client may be told the broker's minimum is above what it asked (KIP-511).</li>
 * </ul>
 * The response header is always v0, whatever the request version (clients parse it before knowing the
 * version); the network layer does that, and answers unknown versions with
 * {@link ApiRouter#unsupportedApiVersionsResponse()}.
 */
final class ApiVersionsHandler implements ApiHandler<ApiVersionsRequestData, ApiVersionsResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.API_VERSIONS, 0, 4);

    private final Supplier<ApiVersionCollection> versions;
    private final FeatureLevels features;

    ApiVersionsHandler(Supplier<ApiVersionCollection> versions, FeatureLevels features) {
        this.versions = versions;
        this.features = features;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<ApiVersionsResponseData> handle(RequestContext context, ApiVersionsRequestData request) {
        ApiVersionsResponseData response = new ApiVersionsResponseData().setApiKeys(versions.get());
        if (context.apiVersion() >= 3) {
            Features.describeInto(response, features);
        }
        if (!new ApiVersionsRequest(request, context.apiVersion()).isValid()) {
            // v3+ clients name themselves; Kafka rejects names outside [a-zA-Z0-9.-] the same way.
            response.setErrorCode(Errors.INVALID_REQUEST.code());
        }
        return CompletableFuture.completedFuture(response);
    }
}
