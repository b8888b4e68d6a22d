package io.freshet.mqtt.message;

/**
 * The answer to one client request (a PUBLISH, one topic filter of a SUBSCRIBE, ...): an MQTT 5 reason code and an
 * optional reason string. The protocol layer turns it into the packet the client's protocol version has (3.1.1 has
 * fewer codes: a failure there closes the connection or becomes SUBACK 0x80).
 */
public record Outcome(int reasonCode, String reasonString) {

    public static final Outcome SUCCESS = new Outcome(0x00, null);

    public boolean isSuccess() {
        return reasonCode < 0x80;
    }

    public static Outcome granted(int qos) {
        return new Outcome(qos, null);
    }

    public static Outcome failure(int reasonCode, String reasonString) {
        return new Outcome(reasonCode, reasonString);
    }
}
