package io.freshet.tools.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.freshet.tools.cli.UsageException;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class StartOffsetTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    @Test
    void shouldParseEveryKcatForm() {
        assertThat(StartOffset.parse("beginning")).isEqualTo(new StartOffset.Beginning());
        assertThat(StartOffset.parse("end")).isEqualTo(new StartOffset.End());
        assertThat(StartOffset.parse("42")).isEqualTo(new StartOffset.Absolute(42));
        assertThat(StartOffset.parse("0")).isEqualTo(new StartOffset.Absolute(0));
        assertThat(StartOffset.parse("-10")).isEqualTo(new StartOffset.FromEnd(10));
        assertThat(StartOffset.parse("@1700000000000")).isEqualTo(new StartOffset.AtTimestamp(1_700_000_000_000L));
        assertThat(StartOffset.parse("s@5")).isEqualTo(new StartOffset.AtTimestamp(5));
        assertThatThrownBy(() -> StartOffset.parse("yesterday")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> StartOffset.parse("@")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void shouldDefaultToTheEndAndExplainABadOffset() throws Exception {
        assertThat(ConsumeCommandLine.parse(List.of("t")).start()).isEqualTo(new StartOffset.End());
        assertThat(ConsumeCommandLine.parse(List.of("t", "-o", "-3")).start()).isEqualTo(new StartOffset.FromEnd(3));
        assertThatThrownBy(() -> ConsumeCommandLine.parse(List.of("t", "--offset", "soon")))
                .isInstanceOf(UsageException.class)
                .hasMessage("--offset takes beginning, end, OFFSET, -N or @TIMESTAMP_MS, not 'soon'");
    }

    @Test
    void shouldResolveEachPartitionWithinItsLog() {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        consumer.updateBeginningOffsets(Map.of(P0, 5L, P1, 0L));
        consumer.updateEndOffsets(Map.of(P0, 20L, P1, 2L));
        List<TopicPartition> both = List.of(P0, P1);

        assertThat(new StartOffset.Beginning().resolve(consumer, both)).isEqualTo(Map.of(P0, 5L, P1, 0L));
        assertThat(new StartOffset.End().resolve(consumer, both)).isEqualTo(Map.of(P0, 20L, P1, 2L));
        assertThat(new StartOffset.FromEnd(3).resolve(consumer, both))
                .as("-3: three before each end, never before the log start").isEqualTo(Map.of(P0, 17L, P1, 0L));
        assertThat(new StartOffset.Absolute(10).resolve(consumer, both))
                .as("past the end starts at the end").isEqualTo(Map.of(P0, 10L, P1, 2L));
        assertThat(new StartOffset.Absolute(1).resolve(consumer, both))
                .as("before the log start starts there").isEqualTo(Map.of(P0, 5L, P1, 1L));
    }
}
