package io.freshet.mqtt.session;

/** How a connection ended, which decides what happens to the will message. */
public enum DisconnectKind {
    /** DISCONNECT with reason 0x00: the will is discarded. */
    NORMAL,
    /** MQTT 5 DISCONNECT with reason 0x04 (Disconnect with Will Message): the will is published. */
    WITH_WILL,
    /** The socket closed without DISCONNECT, keep-alive expired, or a protocol error: the will is published. */
    ABNORMAL,
    /** Another connection took the session over: the will is published (MQTT 5 3.1.4-3), the session moves on. */
    TAKEN_OVER,
    /** The broker is shutting down: the session is kept as it is, the will is not published. */
    SERVER_SHUTDOWN
}
