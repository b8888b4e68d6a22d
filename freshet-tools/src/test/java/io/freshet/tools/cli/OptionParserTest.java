package io.freshet.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class OptionParserTest {

    private final OptionParser parser = OptionParser.forClient("USAGE")
            .value("--offset", "-o").flag("--exit", "-e").value("--header", "-H");

    @Test
    void shouldTakeValuesThatLookLikeOptionsAndLongNamesWithEquals() throws Exception {
        ParsedOptions options = parser.parse(List.of("topic", "-o", "-10", "-e", "--header=a=b", "-H", "c=d"));
        assertThat(options.single("TOPIC")).isEqualTo("topic");
        assertThat(options.optional("--offset")).contains("-10");
        assertThat(options.has("--exit")).isTrue();
        assertThat(options.all("--header")).containsExactly("a=b", "c=d");
        assertThat(options.help()).isFalse();
    }

    @Test
    void shouldExplainWhatIsWrongWithTheUsage() {
        assertThatThrownBy(() -> parser.parse(List.of("--nope"))).isInstanceOf(UsageException.class)
                .hasMessage("Unknown option: --nope")
                .satisfies(e -> assertThat(((UsageException) e).usage()).isEqualTo("USAGE"));
        assertThatThrownBy(() -> parser.parse(List.of("-o"))).hasMessage("Missing value for -o");
        assertThatThrownBy(() -> parser.parse(List.of("--exit=1"))).hasMessage("--exit takes no value");
        assertThatThrownBy(() -> parser.parse(List.of("a", "b")).single("TOPIC"))
                .hasMessage("Unexpected argument: b");
        assertThatThrownBy(() -> parser.parse(List.of("-o", "1", "-o", "2")).optional("--offset"))
                .hasMessage("Give --offset once");
    }

    @Test
    void shouldLayerClientPropertiesUnderTheBootstrapServer() throws Exception {
        Properties defaults = new Properties();
        defaults.put("linger.ms", "10");
        Properties config = ClientProperties.from(parser.parse(List.of("-X", "linger.ms=0", "-X", "acks=1",
                "-b", "broker:19092")), defaults);
        assertThat(config).containsEntry("linger.ms", "0").containsEntry("acks", "1")
                .containsEntry("bootstrap.servers", "broker:19092");
        assertThat(ClientProperties.from(parser.parse(List.of()), defaults))
                .containsEntry("bootstrap.servers", "127.0.0.1:9092");
        assertThatThrownBy(() -> ClientProperties.from(parser.parse(List.of("-b", "nohost")), defaults))
                .hasMessage("--bootstrap-server takes HOST:PORT, not 'nohost'");
        assertThatThrownBy(() -> ClientProperties.from(parser.parse(List.of("-X", "novalue")), defaults))
                .hasMessage("-X takes KEY=VALUE, not 'novalue'");
    }
}
