package io.freshet.tools.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class FormatStringTest {

    private static ConsumerRecord<byte[], byte[]> record(String key, String value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("source", "cli".getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader("empty", null));
        return new ConsumerRecord<>("orders", 2, 41L, 1_700_000_000_123L, TimestampType.CREATE_TIME,
                key == null ? -1 : key.length(), value == null ? -1 : value.length(),
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8), headers, Optional.empty());
    }

    private static String render(String format, boolean nullLiteral, ConsumerRecord<byte[], byte[]> record) {
        StringBuilder out = new StringBuilder();
        FormatString.parse(format, nullLiteral).append(record, out);
        return out.toString();
    }

    @Test
    void shouldPrintTheValueAndANewlineByDefault() {
        assertThat(render(FormatString.VALUES, false, record("k", "hello"))).isEqualTo("hello\n");
    }

    @Test
    void shouldRenderEveryKcatDirectiveAndEscape() {
        assertThat(render("%t|%p|%o|%k|%s|%T|%h|%K|%S|100%%\\t\\\\\\r\\n", false, record("user-1", "héllo")))
                .isEqualTo("orders|2|41|user-1|héllo|1700000000123|source=cli,empty=|6|6|100%\t\\\r\n");
    }

    @Test
    void shouldPrintNullsAsNothingOrAsNullWithZ() {
        assertThat(render("[%k][%s][%K][%S]", false, record(null, null))).isEqualTo("[][][-1][-1]");
        assertThat(render("[%k][%s][%h]", true, record(null, null))).isEqualTo("[NULL][NULL][source=cli,empty=NULL]");
    }

    @Test
    void shouldAddNoNewlineOfItsOwnAndKeepUnknownEscapes() {
        assertThat(render("%s\\q", false, record("k", "v"))).isEqualTo("v\\q");
        assertThat(render("%", false, record("k", "v"))).isEqualTo("%");
    }

    @Test
    void shouldRefuseAnUnknownDirective() {
        assertThatThrownBy(() -> FormatString.parse("%s %x", false))
                .hasMessage("Unknown format directive %x (known: %t %p %o %k %s %T %h %K %S %%)");
    }

    @Test
    void shouldWriteJsonWithBase64ForBytesThatAreNotText() {
        ConsumerRecord<byte[], byte[]> binary = new ConsumerRecord<>("t", 0, 7L, 5L, TimestampType.CREATE_TIME, 2, 3,
                "k\"".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, 0, 1},
                new RecordHeaders(), Optional.empty());
        StringBuilder out = new StringBuilder();
        new JsonFormat().append(binary, out);
        assertThat(out.toString()).isEqualTo("{\"topic\":\"t\",\"partition\":0,\"offset\":7,\"timestamp\":5,"
                + "\"key\":\"k\\\"\",\"value\":\"/wAB\",\"value_encoding\":\"base64\",\"headers\":[]}\n");

        out.setLength(0);
        new JsonFormat().append(record(null, "line\nbreak\u0001"), out);
        assertThat(out.toString()).isEqualTo("{\"topic\":\"orders\",\"partition\":2,\"offset\":41,"
                + "\"timestamp\":1700000000123,\"key\":null,\"value\":\"line\\nbreak\\u0001\",\"headers\":["
                + "{\"key\":\"source\",\"value\":\"cli\"},{\"key\":\"empty\",\"value\":null}]}\n");
    }
}
