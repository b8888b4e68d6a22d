package io.freshet.gateway;

import org.apache.kafka.common.TopicPartition;

/** Where an appended record landed, and its timestamp (the log append time when the topic uses that). */
public record Appended(TopicPartition partition, long offset, long timestamp) {
}
