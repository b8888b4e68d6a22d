/**
 * Per-key ordered parallel processing over one {@code KafkaConsumer}: {@link io.freshet.parallel.OrderedParallelConsumer}.
 * A client library: it depends on kafka-clients and slf4j-api only and runs against Apache Kafka as well as Freshet.
 *
 * <p>Inside: the poll thread ({@code PollLoop}) owns the consumer, its rebalance callbacks, pausing and commits; a
 * {@code Dispatcher} holds the polled records, one FIFO queue per key, and hands each key to at most one worker at a
 * time; {@code PartitionProgress} keeps each partition's completion watermark; {@code Workers} run the handler.
 */
package io.freshet.parallel;
