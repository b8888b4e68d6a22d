package io.freshet.broker.metadata;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"orders", "a.b-c_D9", "x"})
    void shouldAcceptLegalNames(String name) {
        assertThatCode(() -> TopicNames.validate(name)).doesNotThrowAnyException();
        assertThat(TopicNames.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "with space", "slash/name", "ünïcode", "star*"})
    void shouldRejectIllegalNames(String name) {
        assertThatThrownBy(() -> TopicNames.validate(name)).isInstanceOf(InvalidTopicException.class);
        assertThat(TopicNames.isValid(name)).isFalse();
    }

    @Test
    void shouldRejectNamesLongerThan249Characters() {
        assertThat(TopicNames.isValid("a".repeat(249))).isTrue();
        assertThatThrownBy(() -> TopicNames.validate("a".repeat(250))).isInstanceOf(InvalidTopicException.class)
            .hasMessageContaining("249");
        assertThatThrownBy(() -> TopicNames.validate(null)).isInstanceOf(InvalidTopicException.class);
    }

    @Test
    void shouldDetectMetricNameCollisions() {
        assertThat(TopicNames.collides("a.b", "a_b")).isTrue();
        assertThat(TopicNames.collides("a.b", "a.b")).isFalse();
        assertThat(TopicNames.collides("ab", "a_b")).isFalse();
    }
}
