package io.freshet.http.v3;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.freshet.gateway.Appended;
import io.freshet.http.json.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The streaming produce's two hot paths against what they replaced, byte for byte: the tree {@link JsonValueSplitter}
 * builds from the parser's tokens against {@code ObjectMapper.readTree} of the same value, and {@link DeliveryReport}'s
 * byte templates against the ObjectMapper's serialization of the report as a map.
 */
class V3JsonDecodingTest {

    private static final String BODY = String.join("\n",
        "{\"value\":{\"type\":\"BINARY\",\"data\":\"AAAA\"}}",
        "{\"partition_id\":2,\"key\":{\"data\":\"k\u00e9y \\\"q\\\" \\u0000\"},\"value\":{\"data\":{\"a\":[1,-2,3.5,"
            + "1e400,-0.0,0.1000000000000000000001,12345678901,123456789012345678901234567890,true,false,null,"
            + "{},[],\"\\ud83d\\ude00\"],\"a\":\"dup\",\"b\":{\"c\":{\"d\":[[[]]]}}}},\"timestamp\":1700000000000}",
        "{\"headers\":[{\"name\":\"h\",\"value\":\"AQI=\"},{\"name\":\"n\"}],\"value\":{\"type\":\"JSON\","
            + "\"data\":[1.5E-10,2.0,9223372036854775807,9223372036854775808,-2147483649,2147483647]},"
            + "\"timestamp\":\"2026-01-31T12:00:00.000Z\"}",
        "\"a string\" 42 3.25 true null [1,{\"x\":[]}] {\"key\":null,\"value\":null}",
        "{\"nested\":{\"a\":1,\"b\":{\"c\":2},\"d\":3},\"after\":4}");

    @Test
    void theTreeFromTheTokensIsWhatReadTreeMakes() throws Exception {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        List<JsonNode> expected = readTreeEach(body);
        assertThat(expected).hasSize(11);
        List<Long> wholeSizes = new ArrayList<>();
        // Whole, and one byte at a time (every split inside a token or a value).
        for (int step : new int[] {body.length, 1, 7}) {
            List<JsonNode> got = new ArrayList<>();
            List<Long> sizes = new ArrayList<>();
            JsonValueSplitter splitter = new JsonValueSplitter(1 << 20);
            for (int i = 0; i < body.length; i += step) {
                byte[] part = Arrays.copyOfRange(body, i, Math.min(body.length, i + step));
                splitter.feed(part, (value, bytes) -> {
                    got.add(value);
                    sizes.add(bytes);
                });
            }
            splitter.end((value, bytes) -> got.add(value));
            assertThat(got).as("step %d", step).hasSize(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertThat(got.get(i)).isEqualTo(expected.get(i));
                assertThat(got.get(i).getClass()).isEqualTo(expected.get(i).getClass());
                assertThat(Json.bytes(got.get(i))).isEqualTo(Json.bytes(expected.get(i)));
                assertThat(got.get(i).toString()).isEqualTo(expected.get(i).toString());
            }
            // What the parser's locations say (as before: the memory bound counts these), however the body is cut.
            if (wholeSizes.isEmpty()) {
                wholeSizes.addAll(sizes);
            }
            assertThat(sizes).isEqualTo(wholeSizes);
        }
    }

    @Test
    void aValueLeftOpenIsMalformedJson() throws Exception {
        JsonValueSplitter splitter = new JsonValueSplitter(1 << 20);
        List<JsonNode> got = new ArrayList<>();
        splitter.feed("{\"value\":1} {\"value\":".getBytes(StandardCharsets.UTF_8), (value, bytes) -> got.add(value));
        assertThat(got).hasSize(1);
        assertThatThrownBy(() -> splitter.end((value, bytes) -> got.add(value)))
            .isInstanceOf(JsonEOFException.class);
    }

    @Test
    void theReportIsWhatTheMapperWroteFromAMap() {
        String clusterId = "cl\"u\\ster-\u00e9";
        DeliveryReport reports = new DeliveryReport(clusterId);
        ProduceRecord[] records = {
            ProduceRecord.decode(Json.MAPPER.valueToTree(Map.of("value", Map.of("type", "BINARY", "data", "AAAA")))),
            ProduceRecord.decode(Json.MAPPER.valueToTree(Map.of("key", Map.of("data", "k\u00e9y"),
                "value", Map.of("data", List.of(1, 2))))),
            ProduceRecord.decode(Json.MAPPER.valueToTree(Map.of("key", Map.of("type", "binary")))),
            ProduceRecord.decode(Json.MAPPER.createObjectNode()),
        };
        Appended[] appends = {
            new Appended(new TopicPartition("t", 0), 0, 0),
            new Appended(new TopicPartition("t", 3), 9, 1_700_000_000_123L),
            new Appended(new TopicPartition("t", 3), 10, 1_700_000_000_123L),
            new Appended(new TopicPartition("t\u2028\"x", 2_147_483_647), Long.MAX_VALUE, 1_700_000_000_000L),
            new Appended(new TopicPartition("t", 12), 1_234_567_890_123L, -1),
            new Appended(new TopicPartition("t", 1), 100, 253_402_300_800_000L),
            new Appended(new TopicPartition("t", 10), 10, 10),
            new Appended(new TopicPartition("t", 9), 99, 999),
            new Appended(new TopicPartition("t", 100), -1, Long.MAX_VALUE),
            new Appended(new TopicPartition("t", -1), Long.MIN_VALUE, Long.MIN_VALUE),
            new Appended(new TopicPartition("t".repeat(300), 0), 1_000_000_000_000_000_000L, 0),
        };
        ByteBuf out = Unpooled.buffer();
        StringBuilder expected = new StringBuilder();
        for (Appended appended : appends) {
            for (ProduceRecord record : records) {
                reports.write(out, record, appended);
                out.writeByte('\n');
                expected.append(new String(Json.bytes(asMap(clusterId, record, appended)), StandardCharsets.UTF_8))
                    .append('\n');
            }
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("{\"error_code\":200,\"cluster_id\":");
        out.release();
    }

    /** How JsonValueSplitter made each value before: tokens copied into a TokenBuffer, then readTree. */
    private static List<JsonNode> readTreeEach(byte[] body) throws Exception {
        List<JsonNode> values = new ArrayList<>();
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(body)) {
            while (parser.nextToken() != null) {
                TokenBuffer buffer = new TokenBuffer(parser);
                buffer.copyCurrentStructure(parser);
                try (JsonParser buffered = buffer.asParser()) {
                    values.add(Json.MAPPER.readTree(buffered));
                }
            }
        }
        return values;
    }

    /** How DeliveryReport made a report before: a map the ObjectMapper wrote. */
    private static Map<String, Object> asMap(String clusterId, ProduceRecord record, Appended appended) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("error_code", 200);
        report.put("cluster_id", clusterId);
        report.put("topic_name", appended.partition().topic());
        report.put("partition_id", appended.partition().partition());
        report.put("offset", appended.offset());
        report.put("timestamp", Instant.ofEpochMilli(appended.timestamp()).toString());
        report.put("key", data(record.keyType(), record.keySize()));
        report.put("value", data(record.valueType(), record.valueSize()));
        return report;
    }

    private static Map<String, Object> data(String type, int size) {
        if (type == null) {
            return null;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", type);
        data.put("size", size);
        return data;
    }
}
