/**
 * {@code bench/txn.sh}: transactional throughput, Freshet beside Apache Kafka: transactional produce (1 and 100
 * records per transaction, 1 and 8 partitions) and a read_committed consume-transform-produce loop whose output
 * is counted and checked. Writes {@code docs/transactions-bench.md}.
 */
package io.freshet.bench.txn;
