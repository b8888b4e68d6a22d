/**
 * MQTT on the wire: one {@link io.freshet.mqtt.protocol.MqttConnection} per socket, for MQTT 3.1.1 and 5 alike.
 * <pre>
 *   socket -> ProtocolLevelSniffer -> MqttDecoder (mqtt.max.packet.size, strict UTF-8) -> MqttConnection
 *   MqttConnection: state machine, dispatch, closing; ConnectCheck; IdleTimeouts (no CONNECT, Keep Alive)
 *     PUBLISH, PUBREL         -> InboundPublishes (InboundPublishCheck: aliases; Receive Maximum) -> SessionHandle
 *     SUBSCRIBE, UNSUBSCRIBE  -> InboundSubscriptions (SubscriptionChecks)                        -> SessionHandle
 *     answers in packet order <- ReplyQueue: PUBACK / PUBREC / PUBCOMP / SUBACK / UNSUBACK
 *     CONNACK (ConnackProperties), then what the session sent meanwhile
 *   session -> SessionLink (its ClientLink) -> PUBLISH (OutboundPublishes: Maximum Packet Size, aliases), PUBREL
 * </pre>
 * Every failure becomes a reason code in {@link io.freshet.mqtt.protocol.ReasonCodes}, and what MQTT 3.1.1 can say
 * of it (a CONNACK return code, SUBACK 0x80, or closing the connection). A connection is owned by its event loop;
 * nothing it does reaches another connection.
 */
package io.freshet.mqtt.protocol;
