/**
 * The Kafka-protocol broker: {@link io.freshet.broker.FreshetBroker} wires storage, the topic catalog and the
 * listener; {@link io.freshet.broker.BrokerConfig} reads Kafka's server property names.
 *
 * <pre>
 *   network (Netty, framing, ordering) -> handler (one class per API key) -> metadata (topic catalog)
 *                                                                       \-> fetch (long-poll purgatory)
 *                                                                        \-> io.freshet.storage (logs)
 *   gateway (EmbeddedEventLog: the same topics, logs and offsets for protocol gateways) -> metadata, storage
 * </pre>
 * Arrows point one way: handlers know nothing of Netty, metadata knows nothing of the protocol.
 */
package io.freshet.broker;
