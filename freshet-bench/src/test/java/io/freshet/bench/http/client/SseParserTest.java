package io.freshet.bench.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private final List<String> events = new ArrayList<>();
    private int comments;
    private final SseParser parser = new SseParser(new SseParser.Listener() {
        @Override
        public void onEvent(String type, ByteBuf data, boolean hasId) {
            events.add(type + "|" + data.toString(StandardCharsets.UTF_8) + "|" + hasId);
        }

        @Override
        public void onComment() {
            comments++;
        }
    });

    @Test
    void shouldDispatchEventsWhateverPiecesTheStreamArrivesIn() {
        String stream = ": heartbeat\n\nid: 0:1\ndata: {\"offset\":0}\n\nid:0:2\r\ndata: {\"offset\":1}\r\n\r\n"
            + "event: gap\ndata: {\"partition_id\":0,\"missed\":5}\n\ndata: a\ndata: b\n\n";
        // one byte at a time: every line and CRLF is cut somewhere
        for (byte b : stream.getBytes(StandardCharsets.UTF_8)) {
            parser.feed(StampedValueTest.buf(new String(new byte[] {b}, StandardCharsets.UTF_8)));
        }

        assertThat(events).containsExactly("null|{\"offset\":0}|true", "null|{\"offset\":1}|true",
            "gap|{\"partition_id\":0,\"missed\":5}|false", "null|a\nb|false");
        assertThat(comments).isEqualTo(1);
        assertThat(parser.lastEventId()).isEqualTo("0:2");
    }

    @Test
    void shouldNotDispatchAnEventBeforeItsBlankLine() {
        parser.feed(StampedValueTest.buf("id: 1\ndata: {\"offset\":0}\n"));
        assertThat(events).isEmpty();

        parser.feed(StampedValueTest.buf("\n"));
        assertThat(events).hasSize(1);
    }
}
