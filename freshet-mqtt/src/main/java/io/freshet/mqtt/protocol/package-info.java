/**
 * MQTT on the wire: one {@link io.freshet.mqtt.protocol.MqttConnection} per socket, for MQTT 3.1.1 and 5 alike.
 * <pre>
 *   socket -> ProtocolLevelSniffer -> MqttDecoder (mqtt.max.packet.size, strict UTF-8) -> MqttConnection
 *                                                                                          |  ConnectCheck
 *   CONNACK / PUBACK / PUBREC / PUBCOMP / SUBACK / UNSUBACK, in packet order <- ReplyQueue  |  topic aliases,
 *   PUBLISH to the client (OutboundPublishes: Maximum Packet Size, aliases) <- ClientLink   |  Receive Maximum,
 *                                                                                          v  keep-alive
 *                                                                  session layer (SessionHandle)
 * </pre>
 * Every failure becomes a reason code in {@link io.freshet.mqtt.protocol.ReasonCodes}, and what MQTT 3.1.1 can say
 * of it (a CONNACK return code, SUBACK 0x80, or closing the connection). A connection is owned by its event loop;
 * nothing it does reaches another connection.
 */
package io.freshet.mqtt.protocol;
