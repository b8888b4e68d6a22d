package io.freshet.bench.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * A publish throughput case: {@code publishers} connections publishing 100 B payloads at {@code qos}, each to a
 * topic of its own under one first level (so one Kafka topic in Freshet, a key per publisher), one subscriber
 * on {@code ROOT/#}.
 */
record ThroughputCase(MqttQoS qos, int publishers) {

    String name() {
        return "QoS " + qos.value() + ", " + publishers + (publishers == 1 ? " publisher" : " publishers");
    }

    /** A topic first level unique to the round and broker, e.g. {@code mb-r2-freshet-q1-p100}. */
    String topicRoot(int round, MqttTarget target) {
        return "mb-r" + round + "-" + target.name().toLowerCase() + "-q" + qos.value() + "-p" + publishers;
    }
}
