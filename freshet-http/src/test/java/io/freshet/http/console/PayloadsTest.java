package io.freshet.http.console;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** How the console shows a payload: the edges of json / text / binary and of cutting. */
class PayloadsTest {

    @Test
    void onlyAWholeJsonDocumentIsJson() {
        assertThat(Payloads.of(utf8("{\"a\": [1, {\"b\": null}]}")).text())
            .isEqualTo("{\n  \"a\": [\n    1,\n    {\n      \"b\": null\n    }\n  ]\n}");
        assertThat(Payloads.of(utf8("12 apples")).encoding()).isEqualTo("text");
        assertThat(Payloads.of(utf8("{\"a\": 1} trailing")).encoding()).isEqualTo("text");
        assertThat(Payloads.of(utf8("42")).encoding()).isEqualTo("json");
        assertThat(Payloads.of(utf8("1.50")).text()).as("numbers keep their digits").isEqualTo("1.50");
        assertThat(Payloads.of(utf8("[1e5, -0.0, 12345678901234567890123]")).text())
            .isEqualTo("[\n  1e5,\n  -0.0,\n  12345678901234567890123\n]");
        assertThat(Payloads.of(utf8("{} {}")).encoding()).isEqualTo("text");
        assertThat(Payloads.of(utf8("{\"a\": ")).encoding()).isEqualTo("text");
    }

    @Test
    void invalidUtf8AndControlCharactersAreBinary() {
        assertThat(Payloads.of(new byte[] {(byte) 0xc3, 0x28}).encoding()).isEqualTo("binary");
        assertThat(Payloads.of(utf8("bell\u0007")).encoding()).isEqualTo("binary");
        assertThat(Payloads.of(utf8("c1 \u0085 control")).encoding()).isEqualTo("binary");
        assertThat(Payloads.of(utf8("tab\tand\r\nlines")).encoding()).isEqualTo("text");
        assertThat(Payloads.of(utf8("héllo ✓")).text()).isEqualTo("héllo ✓");
        assertThat(Payloads.of(new byte[0])).isEqualTo(new Payloads.Payload("text", "", 0, false));
        assertThat(Payloads.of(null)).isNull();
    }

    @Test
    void longValuesAreCutWithTheirFullSizeKept() {
        byte[] binary = new byte[5000];
        binary[0] = (byte) 0xff;
        Payloads.Payload hex = Payloads.of(binary);
        assertThat(hex.encoding()).isEqualTo("binary");
        assertThat(hex.text()).startsWith("ff 00 00").hasSize(4096 * 3 - 1);
        assertThat(hex.size()).isEqualTo(5000);
        assertThat(hex.truncated()).isTrue();

        String euros = "€".repeat(30_000); // 3 bytes each: the 64 KiB cut falls inside one
        Payloads.Payload text = Payloads.of(utf8(euros));
        assertThat(text.encoding()).isEqualTo("text");
        assertThat(text.text()).hasSize(65_536 / 3).matches("€+");
        assertThat(text.truncated()).isTrue();
        assertThat(text.size()).isEqualTo(90_000);

        Payloads.Payload json = Payloads.of(utf8("[\"" + "x".repeat(70_000) + "\"]"));
        assertThat(json.encoding()).isEqualTo("json");
        assertThat(json.text()).hasSize(64 * 1024);
        assertThat(json.truncated()).isTrue();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
