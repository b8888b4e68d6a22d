/**
 * {@link io.freshet.gateway.kafka.KafkaEventLog}: the gateways' {@link io.freshet.gateway.EventLog} in front of any
 * Kafka-protocol cluster, with the Java clients only (one producer, one watcher consumer, a few reader consumers, one
 * Admin client). Each piece of state has one owning thread:
 *
 * <pre>
 *   freshet-gateway-append     AppendLane: topic lookup/creation, the keyless turns, producer.send (call order)
 *   freshet-gateway-watcher    ClusterWatcher: the view (topics, partition counts, configs, start and end offsets),
 *                              the listeners' calls
 *   freshet-gateway-read-N     ReadPool: one read_committed consumer each, its assignment and position
 * </pre>
 */
package io.freshet.gateway.kafka;
