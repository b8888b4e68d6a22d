package io.freshet.mqtt.delivery;

import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.MessageProperties;
import io.freshet.mqtt.message.TopicFilter;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionSetTest {

    private final SubscriptionSet set = new SubscriptionSet();

    @Test
    void shouldDeliverOnceWithTheHighestQosAndEveryIdentifierOfTheMatchingSubscriptions() {
        set.put(sub("sensors/#", 0, false, false, 3));
        set.put(sub("sensors/+/temp", 2, false, false, 1));
        set.put(sub("sensors/dev1/temp", 1, false, false, 0));
        set.put(sub("other/#", 1, false, false, 9));

        Match match = set.matchDirect(message("sensors/dev1/temp"), null, "me").orElseThrow();

        assertThat(match.qos()).isEqualTo(2);
        assertThat(match.subscriptionIds()).containsExactly(1, 3);
        assertThat(set.matchDirect(message("nothing/here"), null, "me")).isEmpty();
    }

    @Test
    void shouldReplaceASubscriptionWithTheSameFilter() {
        assertThat(set.put(sub("a/b", 0, false, false, 0))).isNull();
        assertThat(set.put(sub("a/b", 2, false, false, 0))).isNotNull();
        assertThat(set.all()).hasSize(1);
        assertThat(set.matchDirect(message("a/b"), null, "me").orElseThrow().qos()).isEqualTo(2);
    }

    @Test
    void shouldNotGiveNoLocalSubscriptionsWhatTheClientPublishedItself() {
        set.put(sub("a/#", 2, true, false, 1));
        assertThat(set.matchDirect(message("a/b"), "me", "me")).isEmpty();
        assertThat(set.matchDirect(message("a/b"), "other", "me")).isPresent();

        set.put(sub("a/+", 1, false, false, 2));
        Match own = set.matchDirect(message("a/b"), "me", "me").orElseThrow();
        assertThat(own.qos()).isEqualTo(1);
        assertThat(own.subscriptionIds()).containsExactly(2);
    }

    @Test
    void shouldKeepTheRetainFlagIfAnyMatchingSubscriptionAsksForIt() {
        set.put(sub("a/#", 1, false, false, 0));
        assertThat(set.matchDirect(message("a/b"), null, "me").orElseThrow().retainAsPublished()).isFalse();
        set.put(sub("a/b", 1, false, true, 0));
        assertThat(set.matchDirect(message("a/b"), null, "me").orElseThrow().retainAsPublished()).isTrue();
    }

    @Test
    void shouldKeepSharedSubscriptionsApartFromDirectOnes() {
        set.put(sub("$share/g/a/#", 1, false, false, 4));
        assertThat(set.matchDirect(message("a/b"), null, "me")).isEmpty();
        assertThat(set.direct()).isEmpty();
        assertThat(set.matchShared("g", message("a/b")).orElseThrow().subscriptionIds()).containsExactly(4);
        assertThat(set.matchShared("h", message("a/b"))).isEmpty();
    }

    private static Subscription sub(String filter, int qos, boolean noLocal, boolean rap, int id) {
        return new Subscription(TopicFilter.parse(filter).orElseThrow(), qos, noLocal, rap, 0, id);
    }

    private static Message message(String topic) {
        return new Message(topic, new byte[0], 2, true, MessageProperties.NONE);
    }

}
