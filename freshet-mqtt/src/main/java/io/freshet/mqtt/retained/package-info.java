/**
 * Retained messages ({@code __mqtt_retained}): a compacted topic keyed by MQTT topic, held whole in memory
 * ({@link io.freshet.mqtt.retained.RetainedStore}).
 */
package io.freshet.mqtt.retained;
