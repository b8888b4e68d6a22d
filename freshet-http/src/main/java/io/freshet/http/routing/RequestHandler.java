package io.freshet.http.routing;

/**
 * Serves a request whose body (if any) was read whole, up to {@code http.max.request.bytes}. Called on the
 * connection's event loop; must answer through the exchange exactly once (now or later, from any thread). An
 * exception thrown here is answered by {@link io.freshet.http.error.HttpErrors}.
 */
@FunctionalInterface
public interface RequestHandler {

    void handle(HttpExchange exchange) throws Exception;
}
