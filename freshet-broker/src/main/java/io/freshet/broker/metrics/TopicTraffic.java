package io.freshet.broker.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one topic took in and gave out since it was created (or the broker started): Kafka's
 * {@code BrokerTopicMetrics} MessagesInPerSec, BytesInPerSec and BytesOutPerSec. Recorded on event loops, read by
 * a scrape: {@link LongAdder}s, so concurrent appends to the topic's partitions never contend on one cache line.
 * The produce and fetch handlers look a topic's instance up once per topic in a request, not per record.
 */
public class TopicTraffic {

    /** Recording that records nothing: the instance every topic gets when metrics are off. */
    static final TopicTraffic NONE = new TopicTraffic("") {
        @Override
        public void appended(long records, long bytes) {
        }

        @Override
        public void fetched(long bytes) {
        }
    };

    private final String topic;
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();

    TopicTraffic(String topic) {
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    /** A client's batch of {@code records} records, {@code bytes} bytes, was appended to one of the partitions. */
    public void appended(long records, long bytes) {
        messagesIn.add(records);
        bytesIn.add(bytes);
    }

    /** A fetch response carried {@code bytes} bytes of record batches of this topic. */
    public void fetched(long bytes) {
        bytesOut.add(bytes);
    }

    public double messagesIn() {
        return messagesIn.sum();
    }

    public double bytesIn() {
        return bytesIn.sum();
    }

    public double bytesOut() {
        return bytesOut.sum();
    }
}
