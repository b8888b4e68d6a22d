/**
 * The MQTT benchmark ({@code bench/mqtt.sh}): Freshet's MQTT listener beside Mosquitto 2 on this machine, the same
 * load client, alternating brokers over rounds: publish throughput (QoS 0 and 1, 1 and 100 publishers),
 * publish-to-subscriber latency at a fixed rate, RSS with 10,000 idle clients.
 *
 * <pre>
 *   MqttBench ── per round, per broker ──> MqttRound ──> IdleConnectionsRun, ThroughputRun x4, LatencyRun
 *      │                                      │                 │ (load: client.LoadClients, one JVM, 2 threads)
 *      │                                      └── MqttBrokerLauncher: FreshetMqttLauncher | MosquittoLauncher
 *      └── MqttTable (medians, ratios) ──> MqttReport (docs/mqtt-bench.md)
 * </pre>
 * Harness thread only, apart from {@code client}, whose connections run on their event loops.
 */
package io.freshet.bench.mqtt;
