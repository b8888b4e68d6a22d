/**
 * bench/sql.sh: the two queries, the alert ({@code WHERE temp > 80}) and the 1-minute tumbling aggregate
 * ({@code EMIT FINAL}), run by Freshet's SQL engine inside the broker beside the same topologies written by hand in
 * Kafka Streams (Jackson, exactly_once_v2, in-memory stores; RocksDB noted) against Apache Kafka 4.4 and against
 * Freshet; throughput over a pre-loaded topic and an alert's end-to-end latency. Report: docs/sql-bench.md.
 */
package io.freshet.bench.sql;
