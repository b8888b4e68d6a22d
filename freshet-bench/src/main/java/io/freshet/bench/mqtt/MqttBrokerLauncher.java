package io.freshet.bench.mqtt;

/** Starts one broker process on a free port and returns it once it answers an MQTT CONNECT. */
interface MqttBrokerLauncher {

    /** The column its numbers go into. */
    MqttTarget target();

    /** @param round names the broker's log file */
    MqttBroker start(int round) throws Exception;

    /** How the broker is started and configured, for the report (markdown). */
    String settings();
}
