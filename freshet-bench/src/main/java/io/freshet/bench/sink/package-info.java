/**
 * The sink: a Kafka-protocol server on Netty that acknowledges every produce, keeps only each partition's first
 * batch and answers fetches with copies of it: the ceiling a client can reach on this machine, producing or
 * consuming. One event loop per connection owns it; shared maps and counters are concurrent.
 */
package io.freshet.bench.sink;
