/**
 * Freshet's storage as the protocol gateways see it: {@link io.freshet.broker.gateway.EmbeddedEventLog} implements
 * {@code io.freshet.gateway.EventLog} over the broker's topic controller, partition logs and group coordinator, in
 * process, so an MQTT publish reaches the same log, fsync and offsets as a Kafka produce.
 *
 * <pre>
 *   EmbeddedEventLog -> TopicGate (auto-create, call order) -> DefaultPartitioner -> PartitionLog.append / awaitDurable
 *                    -> CommittedReader (read_committed decoding)
 *                    -> GroupOffsets (OffsetFetch / OffsetCommit without membership)
 *                    <- LogListeners (append fan-out from storage, topic changes from the controller)
 * </pre>
 */
package io.freshet.broker.gateway;
