/**
 * MQTT sessions: {@link io.freshet.mqtt.session.SessionManager} (CONNECT, Clean Start, takeover, expiry, wills with
 * their delay) and the inbound PUBLISH path.
 * <pre>
 *   PUBLISH QoS 0      -> TopicMapper.toKafka -> EventLog.append (APPENDED)              -> (nothing to answer)
 *   PUBLISH QoS 1      -> TopicMapper.toKafka -> EventLog.append (DURABLE: fsynced)      -> PUBACK
 *   PUBLISH QoS 2      -> persistent session: qos2/CLIENT/ID receipt (durable), then append with mqtt.packet_id
 *                         (DURABLE) -> PUBREC;  PUBREL -> receipt deleted (durable) -> PUBCOMP
 *   retain flag        -> also RetainedMessages.put, durable before the acknowledgement
 * </pre>
 * State that outlives a restart is in {@code __mqtt_sessions} through {@link io.freshet.mqtt.state.StateStore}:
 * {@code session/CLIENT} (protocol version, expiry, disconnection time) and {@code qos2/CLIENT/PACKETID}; the
 * delivery layer keeps {@code delivery/CLIENT}. A session is owned by the event loop of its connection; see
 * {@link io.freshet.mqtt.session.Session} for how ownership moves on takeover.
 */
package io.freshet.mqtt.session;
