package io.freshet.bench.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.mqtt.MqttQoS;
import org.junit.jupiter.api.Test;

class MqttBenchOptionsTest {

    @Test
    void shouldRunThreeFullRoundsIntoDocsByDefault() {
        MqttBenchOptions options = MqttBenchOptions.parse();

        assertThat(options.rounds()).isEqualTo(3);
        assertThat(options.command()).isEqualTo("bench/mqtt.sh");
        assertThat(options.reportFile().toString()).endsWith("docs/mqtt-bench.md");
        assertThat(options.idleClients()).isEqualTo(10_000);
        assertThat(options.latencyMeasured().toSeconds()).isEqualTo(20);
        assertThat(options.throughputCases()).extracting(ThroughputCase::name).containsExactly(
            "QoS 0, 1 publisher", "QoS 0, 100 publishers", "QoS 1, 1 publisher", "QoS 1, 100 publishers");
    }

    @Test
    void shouldKeepQuickAndDryRunsOutOfDocs() {
        assertThat(MqttBenchOptions.parse("--quick").reportFile().toString())
            .contains("freshet-bench/target/mqtt-results/");
        assertThat(MqttBenchOptions.parse("--dry-run").reportFile().toString())
            .contains("freshet-bench/target/mqtt-results/");
        assertThat(MqttBenchOptions.parse("--quick", "--rounds", "2", "--dry-run").command())
            .isEqualTo("bench/mqtt.sh --rounds 2 --quick --dry-run");
    }

    @Test
    void shouldRunOnlyTheNamedCasesIntoTargetWhenACaseIsGiven() {
        MqttBenchOptions options = MqttBenchOptions.parse("--case", "QoS 1, 100");

        assertThat(options.runs("QoS 1, 100 publishers")).isTrue();
        assertThat(options.runs("QoS 1, 1 publisher")).isFalse();
        assertThat(options.runs(options.idleCaseName())).isFalse();
        assertThat(options.reportFile().toString()).contains("freshet-bench/target/mqtt-results/");
        assertThat(options.command()).isEqualTo("bench/mqtt.sh --case 'QoS 1, 100'");
    }

    @Test
    void shouldNameTheQos1WindowWhenNotTheUsualOneAndKeepSuchRunsOutOfDocs() {
        MqttBenchOptions options = MqttBenchOptions.parse("--qos1-window", "100");

        assertThat(options.throughputCases()).extracting(ThroughputCase::name).containsExactly(
            "QoS 0, 1 publisher", "QoS 0, 100 publishers", "QoS 1, 1 publisher, window 100",
            "QoS 1, 100 publishers, window 100");
        assertThat(options.throughputCases()).extracting(ThroughputCase::window).containsExactly(1000, 1000, 100, 100);
        assertThat(options.reportFile().toString()).contains("freshet-bench/target/mqtt-results/");
        assertThat(options.command()).isEqualTo("bench/mqtt.sh --qos1-window 100");
    }

    @Test
    void shouldRefuseUnknownArgumentsAndBadRounds() {
        assertThatThrownBy(() -> MqttBenchOptions.parse("--fast")).hasMessageContaining("unknown argument --fast");
        assertThatThrownBy(() -> MqttBenchOptions.parse("--rounds", "0")).hasMessageContaining("1-20");
        assertThatThrownBy(() -> MqttBenchOptions.parse("--rounds")).hasMessageContaining("needs a number");
        assertThatThrownBy(() -> MqttBenchOptions.parse("--qos1-window", "0")).hasMessageContaining("1-65535");
    }

    @Test
    void shouldGiveEachCaseATopicLevelValidAsAKafkaTopicName() {
        String root = ThroughputCase.of(MqttQoS.AT_LEAST_ONCE, 100, 10).topicRoot(2, MqttTarget.FRESHET);

        assertThat(root).isEqualTo("mb-r2-freshet-q1-p100").matches("[a-zA-Z0-9._-]{1,249}");
    }
}
