/**
 * Benchmarks. The side-by-side harness runs identical client workloads against Freshet, Apache Kafka (default and
 * fsync-per-append) and a produce sink that stores nothing (the ceiling), alternating brokers over rounds; the JMH
 * benchmarks measure the hot paths in isolation.
 */
package io.freshet.bench;
