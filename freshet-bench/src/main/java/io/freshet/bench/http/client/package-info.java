/**
 * The HTTP load client: every connection on {@link io.freshet.bench.http.client.HttpClients}' two event loops.
 * Producers (v3 chunked streaming with a window of unreported records, v2 closed-loop batches) and subscribers
 * (SSE through {@link io.freshet.bench.http.client.SseParser}, WebSocket frames read in place) that find each
 * record's stamp ({@link io.freshet.bench.http.client.StampedValue}) without building its JSON, so the client
 * costs about what the server does per record. Each connection's state belongs to its event loop.
 */
package io.freshet.bench.http.client;
