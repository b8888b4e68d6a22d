/**
 * The event log as a protocol gateway sees it: append records to a topic (keyed as the Kafka producer's default
 * partitioner would), read a partition from an offset (committed records only), be told of appends and new topics,
 * and keep a consumer group's offsets. Freshet's storage implements {@link io.freshet.gateway.EventLog} in process
 * (freshet-broker, {@code io.freshet.broker.gateway.EmbeddedEventLog}); a Kafka cluster can implement it with the
 * Java clients, so the same gateway runs in front of either.
 *
 * <p>Everything a gateway must keep across a restart goes into topics through this interface, never into files of
 * its own: a Kafka cluster can hold it too.
 */
package io.freshet.gateway;
