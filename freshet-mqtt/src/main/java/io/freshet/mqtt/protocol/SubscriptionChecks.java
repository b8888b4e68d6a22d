package io.freshet.mqtt.protocol;

import io.freshet.mqtt.message.ReasonCode;
import io.freshet.mqtt.message.Outcome;
import io.freshet.mqtt.message.TopicFilter;
import io.freshet.mqtt.session.SubscriptionRequest;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;

import java.util.ArrayList;
import java.util.List;

/**
 * SUBSCRIBE and UNSUBSCRIBE: which filters go to the session and which are answered here (an invalid filter gets
 * 0x8F in its slot, as MQTT 5 asks; 3.1.1 SUBACK 0x80), and the answer put back together in filter order. A whole
 * packet that breaks the protocol (no filter, Subscription Identifier 0, No Local on a shared subscription, MQTT 5
 * option bits from a 3.1.1 client) closes the connection instead. Stateless.
 */
final class SubscriptionChecks {

    private SubscriptionChecks() {
    }

    sealed interface Result {
    }

    /** A SUBSCRIBE's filters: {@code answered[i]} is set for one answered here, the others are {@code requests}. */
    record Subscribe(List<SubscriptionRequest> requests, Outcome[] answered, int subscriptionId) implements Result {
    }

    /** An UNSUBSCRIBE's filters: {@code answered[i]} is set for one answered here, the others are {@code filters}. */
    record Unsubscribe(List<String> filters, Outcome[] answered) implements Result {
    }

    /** The packet closes the connection with {@code reasonCode} (MQTT 5 DISCONNECT). */
    record Violation(int reasonCode, String reason) implements Result {
    }

    static Result subscribe(MqttSubscribeMessage subscribe, int version) {
        List<MqttTopicSubscription> topics = subscribe.payload().topicSubscriptions();
        if (topics.isEmpty()) {
            return new Violation(version == 5 ? ReasonCode.PROTOCOL_ERROR : ReasonCode.MALFORMED_PACKET,
                "SUBSCRIBE without a topic filter");
        }
        int subscriptionId = 0;
        if (version == 5) {
            Integer id = MessagePropertiesCodec.intValue(subscribe.idAndPropertiesVariableHeader().properties(),
                MqttProperties.SUBSCRIPTION_IDENTIFIER);
            if (id != null && id == 0) {
                return new Violation(ReasonCode.PROTOCOL_ERROR, "Subscription Identifier 0");
            }
            subscriptionId = id == null ? 0 : id;
        }
        Outcome[] answered = new Outcome[topics.size()];
        List<SubscriptionRequest> requests = new ArrayList<>();
        for (int i = 0; i < topics.size(); i++) {
            MqttTopicSubscription topic = topics.get(i);
            MqttSubscriptionOption option = topic.option();
            if (version != 5 && (option.isNoLocal() || option.isRetainAsPublished()
                || option.retainHandling().value() != 0)) {
                return new Violation(ReasonCode.MALFORMED_PACKET, "reserved subscription option bits set");
            }
            String invalid = TopicFilter.invalidReason(topic.topicFilter());
            if (invalid != null) {
                answered[i] = Outcome.failure(ReasonCode.TOPIC_FILTER_INVALID, invalid);
                continue;
            }
            if (option.isNoLocal() && TopicFilter.parse(topic.topicFilter()).orElseThrow().isShared()) {
                return new Violation(ReasonCode.PROTOCOL_ERROR, "No Local on a shared subscription");
            }
            requests.add(new SubscriptionRequest(topic.topicFilter(), option.qos().value(), option.isNoLocal(),
                option.isRetainAsPublished(), option.retainHandling().value()));
        }
        return new Subscribe(requests, answered, subscriptionId);
    }

    static Result unsubscribe(List<String> filters, int version) {
        if (filters.isEmpty()) {
            return new Violation(version == 5 ? ReasonCode.PROTOCOL_ERROR : ReasonCode.MALFORMED_PACKET,
                "UNSUBSCRIBE without a topic filter");
        }
        Outcome[] answered = new Outcome[filters.size()];
        List<String> valid = new ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            String invalid = TopicFilter.invalidReason(filters.get(i));
            if (invalid != null) {
                answered[i] = Outcome.failure(ReasonCode.TOPIC_FILTER_INVALID, invalid);
            } else {
                valid.add(filters.get(i));
            }
        }
        return new Unsubscribe(valid, answered);
    }

    /**
     * Every filter's outcome in order: those answered here, and the session's ({@code fromSession}, or the
     * failure {@code error} for each when the session failed).
     */
    static List<Outcome> merge(Outcome[] answered, List<Outcome> fromSession, Throwable error) {
        List<Outcome> outcomes = new ArrayList<>(answered.length);
        int next = 0;
        for (Outcome fixed : answered) {
            if (fixed != null) {
                outcomes.add(fixed);
            } else if (error != null) {
                outcomes.add(ReasonCodes.forFailure(error));
            } else if (fromSession == null || next >= fromSession.size()) {
                outcomes.add(Outcome.failure(ReasonCode.UNSPECIFIED_ERROR, "no answer for this filter"));
            } else {
                outcomes.add(fromSession.get(next++));
            }
        }
        return outcomes;
    }

    /** The first reason string of a failed filter (MQTT 5 SUBACK and UNSUBACK have one for the packet). */
    static String firstReason(List<Outcome> outcomes) {
        for (Outcome outcome : outcomes) {
            if (!outcome.isSuccess() && outcome.reasonString() != null) {
                return outcome.reasonString();
            }
        }
        return null;
    }
}
