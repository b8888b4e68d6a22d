package io.freshet.bench.mqtt;

/** The two brokers the MQTT benchmark compares, in the order the report lists them. */
public enum MqttTarget {
    FRESHET("Freshet"),
    MOSQUITTO("Mosquitto");

    private final String label;

    MqttTarget(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
