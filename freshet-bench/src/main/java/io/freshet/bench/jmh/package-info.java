/**
 * JMH microbenchmarks of Freshet's hot paths, through the public APIs the broker itself uses: the append path
 * ({@link io.freshet.bench.jmh.AppendBenchmark}), request decoding and fetch-response encoding
 * ({@link io.freshet.bench.jmh.RequestDecodeBenchmark}), and the read path: fetch reads and ListOffsets by time
 * ({@link io.freshet.bench.jmh.PartitionReadBenchmark}). Run them with {@code bench/jmh.sh}; results and how to
 * read them are in {@code docs/benchmarks-jmh.md}.
 */
package io.freshet.bench.jmh;
