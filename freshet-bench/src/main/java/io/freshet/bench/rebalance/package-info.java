/**
 * {@code bench/rebalance.sh}: consumer-group rebalance times, Freshet beside Apache Kafka, for both protocols
 * (classic and KIP-848): the first join, a join, a leave and a member killed with SIGKILL, over alternating rounds;
 * members of the die case run in their own JVM ({@link io.freshet.bench.rebalance.MemberProcess}). Writes
 * {@code docs/rebalance.md}.
 */
package io.freshet.bench.rebalance;
