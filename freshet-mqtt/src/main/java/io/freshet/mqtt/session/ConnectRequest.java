package io.freshet.mqtt.session;

import io.freshet.mqtt.message.Message;

/**
 * A validated CONNECT. {@code sessionExpirySeconds}: 0 ends the session with the connection; 3.1.1 clean session
 * false maps to {@link #NEVER_EXPIRES}. {@code will} is null when the CONNECT has none.
 */
public record ConnectRequest(String clientId, boolean clientIdAssigned, boolean cleanStart, long sessionExpirySeconds,
                             Will will, String username) {

    public static final long NEVER_EXPIRES = 0xFFFF_FFFFL;

    /** A will message and its MQTT 5 Will Delay Interval (0 on 3.1.1). */
    public record Will(Message message, long delaySeconds) {
    }
}
