/**
 * Producers' state, as Kafka keeps it: per partition, each idempotent producer's last five batches (duplicates are
 * answered with their original offsets, gaps are OUT_OF_ORDER_SEQUENCE_NUMBER, older epochs are fenced), its open
 * transaction and the aborted transactions ({@link io.freshet.storage.producer.ProducerStateTable}, snapshotted at
 * rolls and rebuilt from batch headers after a crash), and the broker's producer-id blocks
 * ({@link io.freshet.storage.producer.ProducerIdAllocator}). A partition's table is touched under that partition's
 * lock; the allocator is synchronized.
 */
package io.freshet.storage.producer;
