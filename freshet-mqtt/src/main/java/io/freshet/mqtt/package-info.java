/**
 * The MQTT 3.1.1 and 5 listener. Layers, each using only those below it:
 * <pre>
 *   io.freshet.mqtt            MqttServer (listener, limits), MqttConfig (the mqtt.* keys)
 *   mqtt.protocol              one MqttConnection per socket (+ SessionLink, Inbound*): packets, validation,
 *                              keep-alive, aliases, reason codes
 *   mqtt.session               sessions: CONNECT / takeover / expiry / will, inbound PUBLISH (QoS 0, 1, 2)
 *   mqtt.delivery              subscriptions served from the log: filters, readers, outbound QoS windows, $share
 *   mqtt.retained, mqtt.state  retained messages and the durable session state, both in compacted topics
 *   mqtt.mapping               MQTT topic <-> Kafka topic + key, MQTT properties <-> record headers
 *   mqtt.message               value types shared by all of them
 *   io.freshet.gateway         the event log (EventLog): all reads and writes go there
 * </pre>
 * A session is owned by the event loop of the connection it is attached to; a detached persistent session by
 * nobody but its state in the log.
 */
package io.freshet.mqtt;
