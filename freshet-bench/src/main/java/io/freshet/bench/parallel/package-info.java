/**
 * Throughput of per-key ordered parallel processing with a 1 ms handler: a plain consumer loop (one thread),
 * freshet-parallel's OrderedParallelConsumer and Confluent's parallel-consumer (KEY ordering) at the same
 * concurrency. Started by {@code bench/parallel.sh}; {@link io.freshet.bench.parallel.ParallelThroughput} writes
 * docs/parallel-bench.md.
 */
package io.freshet.bench.parallel;
