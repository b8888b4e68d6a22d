/**
 * The client workloads {@code bench/run.sh} runs identically against every target: produce throughput (acks=1 and
 * acks=all, record sizes, partitions), consume throughput and end-to-end latency at a fixed rate, with the client
 * settings every target shares ({@link io.freshet.bench.workload.ClientConfigs}).
 */
package io.freshet.bench.workload;
