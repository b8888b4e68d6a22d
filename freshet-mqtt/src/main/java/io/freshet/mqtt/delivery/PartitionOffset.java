package io.freshet.mqtt.delivery;

import org.apache.kafka.common.TopicPartition;

/** A record's place in the log. */
record PartitionOffset(TopicPartition partition, long offset) implements Comparable<PartitionOffset> {

    @Override
    public int compareTo(PartitionOffset o) {
        int byTopic = partition.topic().compareTo(o.partition.topic());
        if (byTopic != 0) {
            return byTopic;
        }
        int byPartition = Integer.compare(partition.partition(), o.partition.partition());
        return byPartition != 0 ? byPartition : Long.compare(offset, o.offset);
    }
}
