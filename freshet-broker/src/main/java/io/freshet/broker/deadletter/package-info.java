/**
 * Dead-letter topics for share groups (KIP-1191), as Kafka 4.4 writes them: the broker side of
 * {@link io.freshet.coordinator.share.DeadLetters}.
 * <pre>
 *   share coordinator thread: archived(key, first, last, count, reason, settings)
 *     -> DeadLetterWriter: queued, returns at once
 *   freshet-dead-letters thread (one, so dead letters keep the order they were archived in):
 *     -> DeadLetterRules: name not "__...", topic exists with errors.deadletterqueue.group.enable=true
 *        (or is auto-created when errors.deadletterqueue.auto.create.topics.enable), name has the prefix
 *        errors.deadletterqueue.topic.name.prefix; else logged once per group and dropped (the records stay archived)
 *     -> copy: the source records read from the partition log (whole batches, ~1 MiB at a time)
 *     -> DeadLetterRecords: one record per archived offset, Kafka's __dlq.errors.* headers, key/value copied or null
 *     -> PartitionLog.append on partition (source partition % partition count), cut at max.message.bytes
 *     -> awaitDurable: failure logged (the archive is already durable; a dead letter is never retried)
 * </pre>
 */
package io.freshet.broker.deadletter;
