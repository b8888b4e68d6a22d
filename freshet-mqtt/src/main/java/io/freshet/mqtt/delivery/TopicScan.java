package io.freshet.mqtt.delivery;

import io.freshet.gateway.EventLog;
import io.freshet.mqtt.mapping.TopicMapper;
import io.freshet.mqtt.message.TopicFilter;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalInt;

/** Which Kafka partitions a subscription reads: those of every topic its filter may match. */
final class TopicScan {

    private TopicScan() {
    }

    /** Topics starting with {@code __} are Freshet's own and never reachable from MQTT. */
    static boolean isInternal(String topic) {
        return topic.startsWith("__");
    }

    static boolean mayMatch(TopicMapper mapper, Collection<TopicFilter> filters, String topic) {
        if (isInternal(topic)) {
            return false;
        }
        for (TopicFilter filter : filters) {
            if (mapper.mayMatch(filter, topic)) {
                return true;
            }
        }
        return false;
    }

    /** Every partition of every existing topic {@code filter} may match. */
    static List<TopicPartition> partitions(EventLog log, TopicMapper mapper, TopicFilter filter) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : log.topics()) {
            if (!isInternal(topic) && mapper.mayMatch(filter, topic)) {
                partitions.addAll(partitions(log, topic));
            }
        }
        return partitions;
    }

    /** The topic's partitions now; none if it does not exist. */
    static List<TopicPartition> partitions(EventLog log, String topic) {
        OptionalInt count = log.partitionCount(topic);
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < count.orElse(0); p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        return partitions;
    }

    /** Where a reader that starts now starts: the partition's end (0 if the log does not know it yet). */
    static long endOffset(EventLog log, TopicPartition partition) {
        return Math.max(0, log.endOffset(partition));
    }
}
