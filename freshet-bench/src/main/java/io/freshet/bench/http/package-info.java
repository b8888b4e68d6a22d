/**
 * The HTTP benchmark ({@code bench/http.sh}): against one Freshet server, produce throughput over REST v3 streaming
 * and REST v2 batch beside the Kafka protocol path, then SSE and WebSocket fan-out to 1,000 subscribers on a disk
 * and a memory topic, with delivery latency, completeness, RSS and CPU (docs/http-bench.md).
 *
 * <pre>
 *   HttpBench ──> FreshetHttpServer (one server, its Kafka and HTTP ports, RSS, CPU, log segments on disk)
 *      ├── ProduceThroughput: Kafka producer | client.StreamingProducer x4 | client.BatchProducer x4
 *      ├── FanOutRun per FanOutCase: PacedProducer (Kafka, stamped values) ─> server ─> client.SseSubscriber
 *      │                              or client.WebSocketSubscriber x1,000, each tallying (SubscriberTally)
 *      └── HttpReport (docs/http-bench.md; keeps the hand-written part)
 * </pre>
 * Harness thread only, apart from {@code client}, whose connections run on two event loops (client.HttpClients),
 * and {@link io.freshet.bench.http.PacedProducer}'s thread.
 */
package io.freshet.bench.http;
