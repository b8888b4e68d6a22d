package io.freshet.bench.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonObjectSplitterTest {

    @Test
    void shouldCutConcatenatedObjectsAcrossChunksIgnoringBracesInStrings() {
        List<String> objects = new ArrayList<>();
        JsonObjectSplitter splitter = new JsonObjectSplitter((buf, from, to) ->
            objects.add(buf.toString(from, to - from, StandardCharsets.UTF_8)));
        String stream = "{\"error_code\":200,\"value\":{\"size\":100}}\n{\"a\":\"}{\\\"\"}{\"b\":1}";

        splitter.feed(StampedValueTest.buf(stream.substring(0, 20)));
        splitter.feed(StampedValueTest.buf(stream.substring(20, 45)));
        splitter.feed(StampedValueTest.buf(stream.substring(45)));

        assertThat(objects).containsExactly("{\"error_code\":200,\"value\":{\"size\":100}}", "{\"a\":\"}{\\\"\"}",
            "{\"b\":1}");
        assertThat(splitter.junk()).isZero();
        assertThat(splitter.inObject()).isFalse();
    }

    @Test
    void shouldCountWhatIsNotAnObjectAsJunk() {
        JsonObjectSplitter splitter = new JsonObjectSplitter((buf, from, to) -> { });

        splitter.feed(StampedValueTest.buf("[1]{\"x\":"));

        assertThat(splitter.junk()).isEqualTo(3);
        assertThat(splitter.inObject()).isTrue();
    }
}
