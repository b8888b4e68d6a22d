package io.freshet.broker.handler;

import io.freshet.coordinator.runtime.ClientInfo;
import org.apache.kafka.common.protocol.ApiMessage;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * A group API answered entirely by the group coordinator (or the transaction coordinator): the handler only says who
 * is asking. The coordinator puts per-group and per-partition errors in the response itself; a failed future is
 * already an ApiException chosen by the coordinator's {@code CoordinatorErrors} (COORDINATOR_NOT_AVAILABLE when its
 * log could not be written or it shut down, UNKNOWN_SERVER_ERROR for a bug) and becomes the request's generic error
 * response.
 */
final class GroupApiHandler<Q extends ApiMessage, R extends ApiMessage> implements ApiHandler<Q, R> {

    /** One coordinator method. */
    @FunctionalInterface
    interface CoordinatorCall<Q, R> {
        CompletableFuture<R> apply(ClientInfo client, Q request);
    }

    private final ApiVersionRange versions;
    private final CoordinatorCall<Q, R> call;

    GroupApiHandler(ApiVersionRange versions, CoordinatorCall<Q, R> call) {
        this.versions = versions;
        this.call = call;
    }

    @Override
    public ApiVersionRange versions() {
        return versions;
    }

    @Override
    public CompletableFuture<R> handle(RequestContext context, Q request) {
        String clientId = context.clientId() == null ? "" : context.clientId();
        return call.apply(new ClientInfo(clientId, clientHost(context.remoteAddress()), context.apiVersion()), request);
    }

    /** As Kafka shows it in DescribeGroups: "/" and the address. */
    static String clientHost(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return "/" + inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }
}
