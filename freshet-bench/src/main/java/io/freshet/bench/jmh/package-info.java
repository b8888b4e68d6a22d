/**
 * JMH microbenchmarks of Freshet's hot paths: the append path ({@link io.freshet.bench.jmh.AppendBenchmark}),
 * request decoding and fetch-response encoding ({@link io.freshet.bench.jmh.RequestDecodeBenchmark}). The index and
 * read-path benchmark lives in {@code io.freshet.storage.log.IndexLookupBenchmark} (same package as the
 * package-private indexes). Run them with {@code bench/jmh.sh}; results and how to read them are in
 * {@code docs/benchmarks-jmh.md}.
 */
package io.freshet.bench.jmh;
