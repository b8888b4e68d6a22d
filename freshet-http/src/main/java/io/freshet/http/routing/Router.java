package io.freshet.http.routing;

import io.freshet.http.error.RestException;
import io.netty.handler.codec.http.HttpMethod;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The route table: the one place a request finds what serves it. Routes are registered at start-up (by each API's
 * {@code register(Router)}), then only read, from every event loop.
 *
 * <p>A path that matches no route is 404; one that matches with another method is 405. A WebSocket route is found
 * only for a request that asks for the upgrade; the same path may also have plain routes (SSE and WebSocket share
 * {@code records:stream}).
 */
public final class Router {

    private final List<Route> routes = new ArrayList<>();
    private final List<WebSocketRoute> webSockets = new ArrayList<>();

    public Router get(String path, RequestHandler handler) {
        return add(HttpMethod.GET, path, handler);
    }

    public Router post(String path, RequestHandler handler) {
        return add(HttpMethod.POST, path, handler);
    }

    public Router delete(String path, RequestHandler handler) {
        return add(HttpMethod.DELETE, path, handler);
    }

    public Router add(HttpMethod method, String path, RequestHandler handler) {
        routes.add(new Route(method, PathTemplate.parse(path), handler, null));
        return this;
    }

    /** A route whose body is handed over chunk by chunk while it arrives, instead of read whole first. */
    public Router streaming(HttpMethod method, String path, StreamingRequestHandler handler) {
        routes.add(new Route(method, PathTemplate.parse(path), null, handler));
        return this;
    }

    public Router webSocket(String path, WebSocketEndpoint endpoint) {
        webSockets.add(new WebSocketRoute(PathTemplate.parse(path), endpoint));
        return this;
    }

    /**
     * The route for {@code method} and {@code rawPath}.
     *
     * @throws RestException 404 when no route has this path, 405 when none has it with this method
     */
    public Matched<Route> route(HttpMethod method, String rawPath) {
        List<String> path = PathTemplate.decodedSegments(rawPath);
        boolean pathKnown = false;
        for (Route route : routes) {
            Optional<Map<String, String>> params = route.path().match(path);
            if (params.isPresent()) {
                if (route.method().equals(method)) {
                    return new Matched<>(route, params.get());
                }
                pathKnown = true;
            }
        }
        if (pathKnown || webSocket(path).isPresent()) {
            throw RestException.methodNotAllowed(method.name());
        }
        throw RestException.notFound("HTTP 404 Not Found");
    }

    /**
     * Whether {@code method} and {@code rawPath} name a route that takes its body chunk by chunk (so no limit on the
     * body's length as a whole applies); false for an unknown path.
     */
    public boolean streamsBody(HttpMethod method, String rawPath) {
        List<String> path;
        try {
            path = PathTemplate.decodedSegments(rawPath);
        } catch (RestException malformed) {
            return false; // routing answers it 400
        }
        return routes.stream().anyMatch(route -> route.streaming() != null && route.method().equals(method)
            && route.path().match(path).isPresent());
    }

    /** The WebSocket endpoint at {@code rawPath}, if there is one. */
    public Optional<Matched<WebSocketRoute>> webSocket(String rawPath) {
        try {
            return webSocket(PathTemplate.decodedSegments(rawPath));
        } catch (RestException malformed) {
            return Optional.empty(); // routing answers it 400
        }
    }

    private Optional<Matched<WebSocketRoute>> webSocket(List<String> path) {
        for (WebSocketRoute route : webSockets) {
            Optional<Map<String, String>> params = route.path().match(path);
            if (params.isPresent()) {
                return Optional.of(new Matched<>(route, params.get()));
            }
        }
        return Optional.empty();
    }

    /** A plain route: exactly one of {@code handler} (body read whole) and {@code streaming} is set. */
    public record Route(HttpMethod method, PathTemplate path, RequestHandler handler,
                        StreamingRequestHandler streaming) {
    }

    public record WebSocketRoute(PathTemplate path, WebSocketEndpoint endpoint) {
    }

    /** A route with the values of its path's {@code {name}} segments. */
    public record Matched<R>(R route, Map<String, String> params) {
    }
}
