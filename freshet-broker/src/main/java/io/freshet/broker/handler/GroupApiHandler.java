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

    /**
     * What runs before (and around) the coordinator call: the authorization checks of {@link CoordinatorAccess}.
     * It may refuse the whole request (throw an {@code *AuthorizationException}), pass on a narrowed request and
     * add the refused parts to the coordinator's response.
     */
    @FunctionalInterface
    interface Gate<Q, R> {
        CompletableFuture<R> apply(RequestContext context, Q request,
                                   java.util.function.Function<Q, CompletableFuture<R>> next);
    }

    private final ApiVersionRange versions;
    private final CoordinatorCall<Q, R> call;
    private final Gate<Q, R> gate;

    GroupApiHandler(ApiVersionRange versions, CoordinatorCall<Q, R> call) {
        this(versions, (context, request, next) -> next.apply(request), call);
    }

    GroupApiHandler(ApiVersionRange versions, Gate<Q, R> gate, CoordinatorCall<Q, R> call) {
        this.versions = versions;
        this.call = call;
        this.gate = gate;
    }

    @Override
    public ApiVersionRange versions() {
        return versions;
    }

    @Override
    public CompletableFuture<R> handle(RequestContext context, Q request) {
        String clientId = context.clientId() == null ? "" : context.clientId();
        ClientInfo client = new ClientInfo(clientId, clientHost(context.remoteAddress()), context.apiVersion());
        return gate.apply(context, request, allowed -> call.apply(client, allowed));
    }

    /** As Kafka shows it in DescribeGroups: "/" and the address. */
    static String clientHost(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return "/" + inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }
}
