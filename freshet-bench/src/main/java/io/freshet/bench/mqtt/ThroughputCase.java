package io.freshet.bench.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * A publish throughput case: {@code publishers} connections publishing 100 B payloads at {@code qos}, each to a
 * topic of its own under one first level (so one Kafka topic in Freshet, a key per publisher), one subscriber
 * on {@code ROOT/#}.
 *
 * @param window messages each publisher keeps in flight: QoS 1 not yet PUBACKed, QoS 0 not yet received by the
 *               subscriber (see {@link io.freshet.bench.mqtt.client.Publisher})
 */
record ThroughputCase(MqttQoS qos, int publishers, int window) {

    /** QoS 1 PUBLISHes each publisher keeps in flight unless {@code --qos1-window} says otherwise. */
    static final int QOS1_WINDOW = 10;
    /** QoS 0 PUBLISHes each publisher keeps in flight (not yet received by the subscriber). */
    static final int QOS0_WINDOW = 1000;

    static ThroughputCase of(MqttQoS qos, int publishers, int qos1Window) {
        return new ThroughputCase(qos, publishers, qos == MqttQoS.AT_MOST_ONCE ? QOS0_WINDOW : qos1Window);
    }

    /** "QoS 1, 100 publishers", with the window when it is not the usual one. */
    String name() {
        boolean usual = window == (qos == MqttQoS.AT_MOST_ONCE ? QOS0_WINDOW : QOS1_WINDOW);
        return "QoS " + qos.value() + ", " + publishers + (publishers == 1 ? " publisher" : " publishers")
            + (usual ? "" : ", window " + window);
    }

    /** A topic first level unique to the round and broker, e.g. {@code mb-r2-freshet-q1-p100}. */
    String topicRoot(int round, MqttTarget target) {
        return "mb-r" + round + "-" + target.name().toLowerCase() + "-q" + qos.value() + "-p" + publishers;
    }
}
