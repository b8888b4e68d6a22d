/**
 * {@code bench/scale.sh}: Freshet beside Apache Kafka where single-node users hit walls: 10,000 partitions (creation,
 * produce spread over all of them, RSS, clean and unclean restart), 2,000 concurrent producer connections at a low
 * rate each, and a 100,000-partition start-up. {@link io.freshet.bench.scale.ScaleBench} is the main.
 */
package io.freshet.bench.scale;
