package io.freshet.mqtt.protocol;

import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.MessageProperties;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Outbound PUBLISH: the client's Maximum Packet Size to the byte (checked against Netty's encoder), topic aliases. */
class OutboundPublishesTest {

    private static final MessageProperties PROPERTIES = new MessageProperties(1, 3600L, "text/plain", "replies/x",
        new byte[] {1, 2, 3}, List.of(new MessageProperties.UserProperty("site", "north"),
        new MessageProperties.UserProperty("é", "ü")));

    @Test
    void shouldSendAPublishOfExactlyTheClientsMaximumPacketSizeAndDropOneByteMore() {
        for (int version : new int[] {4, 5}) {
            Message message = new Message("sensors/dev42/temp", new byte[300], 1, true, PROPERTIES);
            List<Integer> subscriptionIds = List.of(7, 300_000);
            int size = encodedSize(version,
                new OutboundPublishes(version, Long.MAX_VALUE, 0).build(message, 9, false, subscriptionIds));

            assertThat(new OutboundPublishes(version, size, 0).build(message, 9, false, subscriptionIds))
                .as("version %d, exactly %d bytes", version, size).isNotNull();
            assertThat(new OutboundPublishes(version, size - 1, 0).build(message, 9, false, subscriptionIds))
                .as("version %d, one byte over", version).isNull();
        }
    }

    @Test
    void shouldGiveEachTopicAnAliasAndReuseTheLeastRecentlyUsedOneWhenAllAreTaken() {
        OutboundPublishes publishes = new OutboundPublishes(5, Long.MAX_VALUE, 2);
        List<String> sent = new ArrayList<>();
        for (String topic : List.of("a", "b", "a", "c", "b", "b")) {
            MqttPublishMessage publish = publishes.build(new Message(topic, new byte[0], 0, false,
                MessageProperties.NONE), 0, false, List.of());
            Integer alias = MessagePropertiesCodec.intValue(publish.variableHeader().properties(),
                MqttProperties.TOPIC_ALIAS);
            sent.add("'" + publish.variableHeader().topicName() + "'=" + alias);
            publish.release();
        }
        assertThat(sent).containsExactly("'a'=1", "'b'=2", "''=1", "'c'=2", "'b'=1", "''=1");
    }

    @Test
    void shouldNotUseAliasesForAClientThatAllowsNoneOrSpeaks311() {
        for (OutboundPublishes publishes : List.of(new OutboundPublishes(5, Long.MAX_VALUE, 0),
            new OutboundPublishes(4, Long.MAX_VALUE, 10))) {
            for (int i = 0; i < 2; i++) {
                MqttPublishMessage publish = publishes.build(new Message("a/b", new byte[0], 0, false,
                    MessageProperties.NONE), 0, false, List.of());
                assertThat(publish.variableHeader().topicName()).isEqualTo("a/b");
                assertThat(publish.variableHeader().properties().getProperty(MqttProperties.TOPIC_ALIAS)).isNull();
                publish.release();
            }
        }
    }

    @Test
    void shouldCarryTheMessagePropertiesAndSubscriptionIdentifiers() {
        MqttPublishMessage publish = new OutboundPublishes(5, Long.MAX_VALUE, 0).build(
            new Message("a/b", "x".getBytes(StandardCharsets.UTF_8), 2, false, PROPERTIES), 5, true, List.of(3, 4));
        MqttProperties properties = publish.variableHeader().properties();
        assertThat(MessagePropertiesCodec.fromMqtt(properties)).isEqualTo(PROPERTIES);
        assertThat(properties.getProperties(MqttProperties.SUBSCRIPTION_IDENTIFIER))
            .extracting(p -> p.value()).containsExactly(3, 4);
        assertThat(publish.fixedHeader().isDup()).isTrue();
        assertThat(publish.variableHeader().packetId()).isEqualTo(5);
        publish.release();
    }

    /** The bytes Netty's encoder writes for {@code publish} on a connection of {@code version}. */
    private static int encodedSize(int version, MqttPublishMessage publish) {
        EmbeddedChannel channel = new EmbeddedChannel(MqttEncoder.INSTANCE);
        // The encoder learns the connection's version from the CONNECT it encodes.
        channel.writeOutbound(MqttMessageBuilders.connect().clientId("x")
            .protocolVersion(version == 5 ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1).build());
        ((ByteBuf) channel.readOutbound()).release();
        channel.writeOutbound(publish);
        ByteBuf encoded = channel.readOutbound();
        int size = encoded.readableBytes();
        encoded.release();
        channel.finishAndReleaseAll();
        return size;
    }
}
