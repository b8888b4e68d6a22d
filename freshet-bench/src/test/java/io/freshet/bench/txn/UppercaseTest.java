package io.freshet.bench.txn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UppercaseTest {

    @Test
    void shouldMakeLowerCaseValuesOfTheAlphabet() {
        byte[] value = Uppercase.lowerCaseValue(30);

        assertThat(new String(value, StandardCharsets.US_ASCII)).isEqualTo("abcdefghijklmnopqrstuvwxyzabcd");
        assertThat(Uppercase.isUpperCase(value)).isFalse();
    }

    @Test
    void shouldUpperCaseLettersOnlyAndLeaveTheInputAlone() {
        byte[] input = "ab-Z 09z{`".getBytes(StandardCharsets.US_ASCII);

        byte[] output = Uppercase.apply(input);

        assertThat(new String(output, StandardCharsets.US_ASCII)).isEqualTo("AB-Z 09Z{`");
        assertThat(new String(input, StandardCharsets.US_ASCII)).isEqualTo("ab-Z 09z{`");
        assertThat(Uppercase.isUpperCase(output)).isTrue();
        assertThat(Uppercase.apply(new byte[0])).isEmpty();
    }
}
