/**
 * {@code bench/move.sh}: a running Freshet's topics, data and consumer-group offsets moved to Apache Kafka with
 * MirrorMaker 2, mid-stream, and counted: every record present once on Kafka, each group resumed there with no
 * record skipped, duplicates at the switch counted, time per GB measured. Writes docs/move-to-kafka.md.
 */
package io.freshet.bench.move;
