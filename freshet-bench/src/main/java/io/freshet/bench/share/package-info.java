/**
 * The share-group benchmark ({@code bench/share.sh}): KafkaShareConsumer throughput, implicit acknowledgement, 4 and
 * 16 members on 1 and 8 partitions of a pre-filled topic, Freshet beside Apache Kafka 4.4.
 */
package io.freshet.bench.share;
