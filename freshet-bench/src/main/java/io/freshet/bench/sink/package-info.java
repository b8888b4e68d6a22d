/**
 * The produce sink: a Kafka-protocol server on Netty that acknowledges every produce and stores nothing, the
 * ceiling a client can reach on this machine. One event loop per connection owns it; shared counters are
 * concurrent.
 */
package io.freshet.bench.sink;
