/**
 * Subscriptions served from the log. Nothing is copied per subscriber: each session reads the partitions its filters
 * may match from its own position, as a consumer would, and sends what matches.
 * <pre>
 *   EventLog ──onAppend/onTopicChanged──> LogSignals (one listener: partition -> cursors, topic watchers)
 *                                            │ signal only (appending thread)
 *                                            v
 *   LogSessionDelivery (one per session, on its connection's event loop): attach/detach, subscribe, the pump
 *     SessionPartitions: PartitionCursor per partition ── EventLog.read(64 KiB) ──> records
 *     DirectDelivery: records -> SubscriptionSet match (once per record, highest QoS, all identifiers), No Local,
 *       expiry (MessageExpiry)
 *     SessionShares: the $share groups it joined, the records they hand it
 *     RetainedOnSubscribe: retained messages owed to new subscriptions, sent first
 *     OutboundWindow: InFlight by PacketIds, min(Receive Maximum, mqtt.max.inflight.messages); held until durable;
 *       PUBACK / PUBREC / PUBCOMP
 *     DurableState + StateWriter ──> StateStore "delivery/CLIENT" (StoredDelivery JSON), one write in flight;
 *       DurableWaiters: SUBACK / UNSUBACK once durable
 *     ResendPass on attach: PUBLISH DUP (re-read at the offset) and PUBREL, in the order first sent
 *   ShareGroups (one thread) ── ShareGroup per $share name: reads once, hands each record to one member
 *     (hash of the key among connected members), commits the lowest uncompleted offset as consumer group
 *     mqtt-share-NAME
 * </pre>
 * {@link io.freshet.mqtt.delivery.DeliveryService} creates and restores sessions' deliveries and owns what they
 * share. Every class says which thread owns it.
 */
package io.freshet.mqtt.delivery;
