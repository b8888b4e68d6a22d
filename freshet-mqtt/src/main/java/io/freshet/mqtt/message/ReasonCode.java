package io.freshet.mqtt.message;

/**
 * The MQTT 5 reason codes Freshet sends (MQTT 5 section 2.4), named once for every layer. Which failure gets which
 * code, and what MQTT 3.1.1 can say instead, is decided in one place: {@code protocol.ReasonCodes}.
 */
public final class ReasonCode {

    public static final int SUCCESS = 0x00;
    public static final int DISCONNECT_WITH_WILL = 0x04;
    public static final int NO_SUBSCRIPTION_EXISTED = 0x11;
    public static final int UNSPECIFIED_ERROR = 0x80;
    public static final int MALFORMED_PACKET = 0x81;
    public static final int PROTOCOL_ERROR = 0x82;
    public static final int IMPLEMENTATION_SPECIFIC_ERROR = 0x83;
    public static final int UNSUPPORTED_PROTOCOL_VERSION = 0x84;
    public static final int CLIENT_IDENTIFIER_NOT_VALID = 0x85;
    public static final int BAD_USER_NAME_OR_PASSWORD = 0x86;
    public static final int NOT_AUTHORIZED = 0x87;
    public static final int SERVER_UNAVAILABLE = 0x88;
    public static final int SERVER_BUSY = 0x89;
    public static final int SERVER_SHUTTING_DOWN = 0x8B;
    public static final int BAD_AUTHENTICATION_METHOD = 0x8C;
    public static final int KEEP_ALIVE_TIMEOUT = 0x8D;
    public static final int SESSION_TAKEN_OVER = 0x8E;
    public static final int TOPIC_FILTER_INVALID = 0x8F;
    public static final int TOPIC_NAME_INVALID = 0x90;
    public static final int PACKET_IDENTIFIER_NOT_FOUND = 0x92;
    public static final int RECEIVE_MAXIMUM_EXCEEDED = 0x93;
    public static final int TOPIC_ALIAS_INVALID = 0x94;
    public static final int PACKET_TOO_LARGE = 0x95;
    public static final int QUOTA_EXCEEDED = 0x97;
    public static final int CONNECTION_RATE_EXCEEDED = 0x9F;

    private ReasonCode() {
    }
}
