/**
 * The web console: its page and files from the jar ({@code ConsoleAssets}) and the JSON API the page calls
 * ({@code ConsoleApi}, under {@code /console/api/}). The API is a Kafka client of the broker, so it works in front of
 * any Kafka-protocol cluster:
 *
 * <pre>
 *   event loop: route, check parameters (400) ──> Admin client (ConsoleClients.admin, created on a lane)
 *                                                   cluster, topics, configs, offsets, sizes, groups, lag
 *                                             ──> lane http-console-N (its own KafkaConsumer, no group)
 *                                                   browse: assign, seek, poll until the stop offsets (5 s at most)
 *                                                   MqttClients snapshot, SHOW QUERIES (calls that may block)
 *                                             ──> EventLog.append DURABLE (produce a test message)
 *   answer: HttpExchange.respondJson from whichever thread finished (it hops back to the loop); failures through
 *           HttpErrors, as every route
 * </pre>
 *
 * What the page shows of a record is decided in one place, {@code Payloads} (json, text or binary, cut at 64 KiB
 * or 4 KiB of hex).
 */
package io.freshet.http.console;
