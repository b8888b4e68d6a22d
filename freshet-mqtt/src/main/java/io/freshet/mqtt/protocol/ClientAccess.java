package io.freshet.mqtt.protocol;

import io.freshet.mqtt.mapping.TopicMapper;
import io.freshet.mqtt.message.Outcome;
import io.freshet.mqtt.message.ReasonCode;
import io.freshet.mqtt.message.TopicFilter;
import io.freshet.security.acl.Authorizer;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;

/**
 * What one authenticated MQTT client may do, asked of the broker's {@link Authorizer} with Kafka's resources: a
 * PUBLISH (and a will) needs WRITE on the Kafka topic its MQTT topic maps to; a SUBSCRIBE needs READ on every Kafka
 * topic its filter may read ({@link TopicMapper#kafkaTopicsOf}: a filter whose first level is a wildcard may read any
 * topic, so it needs READ on all topics, the wildcard resource {@code *}); {@code $share/G/...} also READ on the
 * consumer group {@code mqtt-share-G} it commits as. Freshet's own topics ({@code __mqtt_sessions},
 * {@code __mqtt_retained}) are written by the listener itself and never checked against the client. Asked on the
 * connection's event loop (the authorizer never blocks).
 */
final class ClientAccess {

    /** The consumer group a {@code $share/G/...} subscription's positions are committed as. */
    static final String SHARE_GROUP_PREFIX = "mqtt-share-";

    private final Authorizer authorizer;
    private final TopicMapper mapper;
    private final KafkaPrincipal principal;
    private final InetAddress address;

    ClientAccess(Authorizer authorizer, TopicMapper mapper, KafkaPrincipal principal, InetAddress address) {
        this.authorizer = authorizer;
        this.mapper = mapper;
        this.principal = principal;
        this.address = address;
    }

    KafkaPrincipal principal() {
        return principal;
    }

    /** Null when a PUBLISH to {@code mqttTopic} may go on (an unmappable topic is refused later, as 0x90). */
    Outcome checkPublish(String mqttTopic) {
        if (mapper.toKafka(mqttTopic) instanceof TopicMapper.Mapping.Target target
            && !allowed(AclOperation.WRITE, ResourceType.TOPIC, target.kafkaTopic())) {
            return Outcome.failure(ReasonCode.NOT_AUTHORIZED, "not authorized to write to topic "
                + target.kafkaTopic());
        }
        return null;
    }

    /** Null when a subscription to {@code filter} (a valid filter) may go on. */
    Outcome checkSubscribe(TopicFilter filter) {
        if (filter.isShared() && !allowed(AclOperation.READ, ResourceType.GROUP,
            SHARE_GROUP_PREFIX + filter.shareGroup())) {
            return Outcome.failure(ReasonCode.NOT_AUTHORIZED, "not authorized to read as group "
                + SHARE_GROUP_PREFIX + filter.shareGroup());
        }
        Optional<Set<String>> topics = mapper.kafkaTopicsOf(filter);
        if (topics.isEmpty()) {
            return allowed(AclOperation.READ, ResourceType.TOPIC, ResourcePattern.WILDCARD_RESOURCE) ? null
                : Outcome.failure(ReasonCode.NOT_AUTHORIZED,
                    "a wildcard first level reads every topic: not authorized to read all topics");
        }
        for (String topic : topics.get()) {
            if (!allowed(AclOperation.READ, ResourceType.TOPIC, topic)) {
                return Outcome.failure(ReasonCode.NOT_AUTHORIZED, "not authorized to read topic " + topic);
            }
        }
        return null;
    }

    private boolean allowed(AclOperation operation, ResourceType type, String name) {
        return authorizer.authorize(principal, address, operation, type, name);
    }
}
