/**
 * MQTT topics as Kafka topics and keys, and MQTT messages as records, both ways.
 * <pre>
 *   PUBLISH sensors/dev42/temp ──toKafka──> Kafka topic sensors, key "dev42/temp" ──toRecord──> value = payload,
 *                                                                                            headers mqtt.*, user props
 *   record (sensors, "dev42/temp") ──toMqtt / toMessage──> sensors/dev42/temp, QoS and properties from the headers
 * </pre>
 * {@link io.freshet.mqtt.mapping.RuleBasedTopicMapper} holds the rules ({@code mqtt.topic.mapping}, then the default
 * rule); {@link io.freshet.mqtt.mapping.MessageHeaders} the header encoding, which {@code __mqtt_retained} shares.
 * Pure functions of their input: no state, no I/O.
 */
package io.freshet.mqtt.mapping;
