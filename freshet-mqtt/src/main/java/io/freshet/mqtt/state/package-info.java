/**
 * Durable key -> bytes state ({@code __mqtt_sessions}) in a compacted topic reached through the
 * {@link io.freshet.gateway.EventLog}, so a Kafka cluster can hold it as well as Freshet: read whole at start-up
 * ({@link io.freshet.mqtt.state.CompactedTopic}, also used by the retained store), then written through
 * ({@link io.freshet.mqtt.state.StateTopic}).
 */
package io.freshet.mqtt.state;
