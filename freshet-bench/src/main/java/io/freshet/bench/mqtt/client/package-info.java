/**
 * The MQTT load client: MQTT 3.1.1 connections on netty-codec-mqtt sharing two event loop threads
 * ({@link io.freshet.bench.mqtt.client.LoadClients}), so one JVM holds 10,000 idle clients or 100 publishers.
 * {@link io.freshet.bench.mqtt.client.BenchClient} is an idle client; {@code Publisher} (QoS 0 at the socket's
 * pace, QoS 1 with a window), {@code RatePublisher} (fixed rate, stamped payloads) and {@code Subscriber} build on
 * it. Each client runs on its channel's event loop; the harness reads their counters.
 */
package io.freshet.bench.mqtt.client;
