package io.freshet.bench.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StampedValueTest {

    @Test
    void shouldFindTheStampInTheRecordJsonTheBrokerPushes() {
        byte[] value = StampedValue.of(42, 1_234_567_890_123L);
        assertThat(value).hasSize(100);
        String json = "{\"partition_id\":0,\"offset\":42,\"timestamp\":1764760000000,\"key\":null,\"value\": \""
            + new String(value, StandardCharsets.US_ASCII) + "\",\"headers\":[]}";
        long[] out = new long[2];

        assertThat(StampedValue.parse(buf(json), out)).isTrue();

        assertThat(out).containsExactly(42, 1_234_567_890_123L);
    }

    @Test
    void shouldFindNothingInAGapOrABinaryValue() {
        long[] out = new long[2];
        assertThat(StampedValue.parse(buf("{\"partition_id\":0,\"missed\":17}"), out)).isFalse();
        assertThat(StampedValue.parse(buf("{\"value\":{\"type\":\"BINARY\",\"data\":\"AAAA\"}}"), out)).isFalse();
        assertThat(StampedValue.parse(buf("{\"value\":\"0000000000"), out)).isFalse();
    }

    @Test
    void shouldReadAnIntegerFieldOrFallBack() {
        ByteBuf report = buf("{\"error_code\": 200,\"partition_id\":3,\"offset\":-1,\"timestamp\":null}");
        int from = report.readerIndex();
        int to = report.writerIndex();

        assertThat(JsonObjectSplitter.intField(report, from, to, quoted("error_code"), -9)).isEqualTo(200);
        assertThat(JsonObjectSplitter.intField(report, from, to, quoted("offset"), -9)).isEqualTo(-1);
        assertThat(JsonObjectSplitter.intField(report, from, to, quoted("timestamp"), -9)).isEqualTo(-9);
        assertThat(JsonObjectSplitter.intField(report, from, to, quoted("missing"), -9)).isEqualTo(-9);
    }

    private static byte[] quoted(String name) {
        return ("\"" + name + "\"").getBytes(StandardCharsets.US_ASCII);
    }

    static ByteBuf buf(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }
}
