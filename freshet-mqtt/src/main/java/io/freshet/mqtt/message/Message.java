package io.freshet.mqtt.message;

/**
 * An application message as MQTT sees it: topic, payload (never null, possibly empty), QoS, retain flag and the
 * MQTT 5 properties that travel with it. Immutable; the payload array is never modified after construction.
 */
public record Message(String topic, byte[] payload, int qos, boolean retain, MessageProperties properties) {

    public Message withQos(int newQos) {
        return new Message(topic, payload, newQos, retain, properties);
    }

    public Message withRetain(boolean newRetain) {
        return new Message(topic, payload, qos, newRetain, properties);
    }
}
