package io.freshet.mqtt.protocol;

import io.freshet.mqtt.MqttConfig;
import io.netty.handler.codec.mqtt.MqttProperties;

/**
 * What the server tells an MQTT 5 client in its CONNACK: the limits it must keep (Receive Maximum, Maximum Packet
 * Size, Topic Alias Maximum), the features available, a Session Expiry Interval the server lowered, and the client
 * identifier it assigned. MQTT 3.1.1 has no properties.
 */
final class ConnackProperties {

    private ConnackProperties() {
    }

    static MqttProperties of(int protocolVersion, ConnectCheck.Accepted accepted, MqttConfig config) {
        if (protocolVersion != 5) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties properties = new MqttProperties();
        long expiry = accepted.request().sessionExpirySeconds();
        if (expiry != accepted.requestedExpirySeconds()) {
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, (int) expiry));
        }
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, config.receiveMaximum()));
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE,
            config.maxPacketSize()));
        if (config.topicAliasMaximum() > 0) {
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM,
                config.topicAliasMaximum()));
        }
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.RETAIN_AVAILABLE, 1));
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.WILDCARD_SUBSCRIPTION_AVAILABLE, 1));
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 1));
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE, 1));
        if (accepted.request().clientIdAssigned()) {
            properties.add(new MqttProperties.StringProperty(MqttProperties.ASSIGNED_CLIENT_IDENTIFIER,
                accepted.request().clientId()));
        }
        return properties;
    }
}
