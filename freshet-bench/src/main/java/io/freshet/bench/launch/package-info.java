/**
 * Starting the brokers a benchmark compares, each in its own process: Freshet (the built jar), Apache Kafka (the
 * anchor installed by {@code ../shared/anchors/kafka/kafka.sh}, default and fsync-per-append settings) and the produce
 * sink; every launcher returns only once its broker answers ApiVersions ({@link io.freshet.bench.launch.ApiVersionsProbe}),
 * so start-up time is the broker's own. Harness thread only.
 */
package io.freshet.bench.launch;
