/**
 * The HTTP listener: Confluent REST v3 and v2, Server-Sent Events and WebSocket streams on the same topics as Kafka
 * and MQTT clients, and other listeners (MQTT) over WebSocket. A gateway like the MQTT listener: it reaches topics
 * only through {@link io.freshet.gateway.EventLog}.
 *
 * <p>Layers, each using only those below it:
 * <ul>
 *   <li>{@code io.freshet.http}: {@code HttpServer} (the listener), {@code HttpConfig}, the pipeline, the route
 *       table ({@code HttpRoutes});</li>
 *   <li>{@code v3}, {@code v2}, {@code stream}: one package per API surface; {@code websocket}: another listener's
 *       byte stream (MQTT) carried in WebSocket binary frames;</li>
 *   <li>{@code routing}: {@code Router}, {@code HttpConnection} (one per socket: routes, bodies, request order,
 *       WebSocket upgrades), {@code HttpExchange} (one request and its answer), {@code ResponseStream};</li>
 *   <li>{@code error}: {@code HttpErrors}, the one place an exception becomes a status and an error body;
 *       {@code json}: the Jackson mapper.</li>
 * </ul>
 */
package io.freshet.http;
