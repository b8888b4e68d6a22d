package io.freshet.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandArgumentsTest {

    private static final CommandArguments.Spec SPEC = new CommandArguments.Spec(Set.of("--detailed"),
            Set.of("--partitions", "--config"), Map.of("-p", "--partitions", "-d", "--detailed", "-c", "--config"));

    private static CommandArguments read(String... args) throws UsageException {
        return CommandArguments.read(List.of(args), "USAGE", SPEC);
    }

    @Test
    void shouldReadShortAliasesLongNamesAndValuesAfterEquals() throws UsageException {
        CommandArguments args = read("orders", "-p", "3", "--config=retention.ms=1", "-c", "a=b", "-d", "-b", "h:1");

        assertThat(args.positionals()).containsExactly("orders");
        assertThat(args.intValue("--partitions", -1, 1)).isEqualTo(3);
        assertThat(args.all("--config")).containsExactly("retention.ms=1", "a=b");
        assertThat(args.flag("--detailed")).isTrue();
        assertThat(args.bootstrap()).isEqualTo("h:1");
        assertThat(args.help()).isFalse();
    }

    @Test
    void shouldDefaultToTheLocalBrokerAndNoClientProperties() throws UsageException {
        CommandArguments args = read();

        assertThat(args.bootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(args.commandConfig()).isEmpty();
        assertThat(args.intValue("--partitions", -1, 1)).isEqualTo(-1);
    }

    @Test
    void shouldTakeHelpAnywhere() throws UsageException {
        assertThat(read("x", "-h").help()).isTrue();
        assertThat(read("--help", "-p", "3").help()).isTrue();
    }

    @Test
    void shouldRefuseWhatTheCommandDoesNotKnowWithTheWordTheUserTyped() {
        assertThatThrownBy(() -> read("-z")).isInstanceOf(UsageException.class).hasMessage("Unknown option: -z");
        assertThatThrownBy(() -> read("-p")).hasMessage("Missing value for -p");
        assertThatThrownBy(() -> read("--detailed=yes")).hasMessage("--detailed takes no value");
        assertThatThrownBy(() -> read("-p", "1", "-p", "2").intValue("--partitions", 0, 1))
                .hasMessage("Give one --partitions");
        assertThatThrownBy(() -> read("-p", "many").intValue("--partitions", 0, 1))
                .hasMessage("--partitions takes a number, not 'many'");
        assertThatThrownBy(() -> read("-p", "0").intValue("--partitions", 0, 1))
                .hasMessage("--partitions takes a number >= 1, not 0");
        assertThatThrownBy(() -> read("-b", "localhost").bootstrap())
                .hasMessage("--bootstrap-server takes HOST:PORT, not 'localhost'");
        assertThatThrownBy(() -> read("-b", "h:1,h:99999").bootstrap()).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> read("x", "y").noPositionals()).hasMessage("Unexpected argument: x");
    }

    @Test
    void shouldLoadTheCommandConfigFileAsKafkasToolsDo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SSL\n# a comment\nclient.id = mine\n");

        assertThat(read("--command-config", file.toString()).commandConfig())
                .containsEntry("security.protocol", "SSL").containsEntry("client.id", "mine").hasSize(2);
        assertThatThrownBy(() -> read("--command-config", dir.resolve("absent").toString()).commandConfig())
                .isInstanceOf(UsageException.class).hasMessageStartingWith("--command-config: no such file ");
    }
}
