package io.freshet.mqtt.protocol;

import io.freshet.mqtt.message.Message;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PUBLISH packets towards one client: its Maximum Packet Size (a larger message is not sent, as the spec says) and,
 * if it accepts topic aliases, a least-recently-used alias per topic (the first PUBLISH of a topic carries topic
 * and alias, later ones only the alias). Owned by the connection's event loop.
 */
final class OutboundPublishes {

    /** Aliases kept per connection at most, whatever the client allows: bounds per-connection memory. */
    private static final int MAX_ALIASES = 1024;

    private final int protocolVersion;
    private final long maximumPacketSize;
    private final int aliasMaximum;
    private final LinkedHashMap<String, Integer> aliases = new LinkedHashMap<>(16, 0.75f, true);

    OutboundPublishes(int protocolVersion, long maximumPacketSize, int clientTopicAliasMaximum) {
        this.protocolVersion = protocolVersion;
        this.maximumPacketSize = maximumPacketSize;
        this.aliasMaximum = protocolVersion == 5 ? Math.min(clientTopicAliasMaximum, MAX_ALIASES) : 0;
    }

    /** The PUBLISH for {@code message}, or null if it is larger than the client's Maximum Packet Size. */
    MqttPublishMessage build(Message message, int packetId, boolean dup, List<Integer> subscriptionIds) {
        String topic = message.topic();
        Integer known = aliasMaximum > 0 ? aliases.get(topic) : null;
        int alias = known != null ? known : 0;
        boolean newAlias = false;
        if (known == null && aliasMaximum > 0) {
            alias = aliases.size() < aliasMaximum ? aliases.size() + 1 : leastRecentlyUsedAlias();
            newAlias = true;
        }
        String topicField = known != null ? "" : topic;
        MqttProperties properties = protocolVersion == 5
            ? MessagePropertiesCodec.toMqtt(message.properties(), subscriptionIds, alias)
            : MqttProperties.NO_PROPERTIES;
        if (packetSize(topicField, message, properties) > maximumPacketSize) {
            return null;
        }
        if (newAlias) {
            evict(alias);
            aliases.put(topic, alias);
        }
        MqttFixedHeader header = new MqttFixedHeader(MqttMessageType.PUBLISH, dup,
            MqttQoS.valueOf(message.qos()), message.retain(), 0);
        return new MqttPublishMessage(header,
            new MqttPublishVariableHeader(topicField, message.qos() > 0 ? packetId : -1, properties),
            Unpooled.wrappedBuffer(message.payload()));
    }

    private int leastRecentlyUsedAlias() {
        return aliases.values().iterator().next();
    }

    private void evict(int alias) {
        Iterator<Map.Entry<String, Integer>> entries = aliases.entrySet().iterator();
        while (entries.hasNext()) {
            if (entries.next().getValue() == alias) {
                entries.remove();
                return;
            }
        }
    }

    private long packetSize(String topicField, Message message, MqttProperties properties) {
        long remaining = 2L + ByteBufUtil.utf8Bytes(topicField) + (message.qos() > 0 ? 2 : 0)
            + (protocolVersion == 5 ? MessagePropertiesCodec.encodedSize(properties) : 0)
            + message.payload().length;
        return 1 + ConnackRefusal.variableByteIntegerSize((int) Math.min(remaining, Integer.MAX_VALUE)) + remaining;
    }
}
