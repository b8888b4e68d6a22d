package io.freshet.tools.groups;

import io.freshet.tools.cli.UsageException;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupsCommandLineTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    private static GroupsRequest parse(String... args) throws UsageException {
        return GroupsCommandLine.parse(List.of(args), UTC);
    }

    private static String error(String... args) {
        try {
            parse(args);
        } catch (UsageException e) {
            assertThat(e.usage()).startsWith("Usage: freshet groups");
            return e.getMessage();
        }
        throw new AssertionError("no UsageException for " + List.of(args));
    }

    @Test
    void shouldListWithTheDefaultBootstrapAndStatesInAnyCase() throws Exception {
        assertThat(parse("list")).isEqualTo(new GroupsRequest.ListGroups("127.0.0.1:9092", Set.of()));
        assertThat(parse("list", "--state", "stable,Empty", "--bootstrap-server=h:1"))
                .isEqualTo(new GroupsRequest.ListGroups("h:1", Set.of(GroupState.STABLE, GroupState.EMPTY)));
        assertThat(error("list", "--state", "Sleeping")).contains("Unknown group state 'Sleeping'");
    }

    @Test
    void shouldTakeTheBootstrapAsMinusBAndACommandConfigFileAsEveryFreshetCommand(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\n");
        List<String> args = List.of("list", "-b", "h:2", "--command-config", file.toString());

        assertThat(GroupsCommandLine.parse(args, ZoneOffset.UTC)).isEqualTo(new GroupsRequest.ListGroups("h:2",
                Set.of()));
        assertThat(GroupsCommandLine.commandConfig(args)).containsEntry("security.protocol", "SASL_SSL");
        assertThat(GroupsCommandLine.commandConfig(List.of("list"))).isEmpty();
    }

    @Test
    void shouldTakeClientPropertiesAsMinusXAsEveryFreshetCommand() throws Exception {
        List<String> args = List.of("describe", "g", "-X", "security.protocol=SSL", "--property", "client.id=ops",
                "-X", "bootstrap.servers=h:3");

        assertThat(GroupsCommandLine.parse(args, UTC)).isEqualTo(new GroupsRequest.DescribeGroup("h:3", "g", false));
        assertThat(GroupsCommandLine.commandConfig(args)).containsEntry("security.protocol", "SSL")
                .containsEntry("client.id", "ops").doesNotContainKey("bootstrap.servers");
        assertThat(error("list", "-X", "security.protocol")).startsWith("-X takes KEY=VALUE");
    }

    @Test
    void shouldParseCopyOffsetsWithTheOtherClustersPropertiesFromItsOwnFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kafka.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\n");

        GroupsRequest.CopyOffsets copy = (GroupsRequest.CopyOffsets) parse("copy-offsets", "--group", "a",
                "--group", "b", "--group", "a", "--to", "kafka:9092", "--to-command-config", file.toString(),
                "--execute", "-b", "freshet:9092");

        assertThat(copy.bootstrapServers()).isEqualTo("freshet:9092");
        assertThat(copy.groups()).containsExactly("a", "b");
        assertThat(copy.execute()).isTrue();
        assertThat(copy.toConfig()).containsEntry("bootstrap.servers", "kafka:9092")
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(error("copy-offsets", "--group", "a")).isEqualTo("Missing --to");
        assertThat(error("copy-offsets", "--to", "k:1")).isEqualTo("Missing --group");
        assertThat(error("copy-offsets", "--group", "a", "--to", "k:1", "-b", "k:1")).contains("--to names the "
                + "cluster the offsets come from");
    }

    @Test
    void shouldDescribeAGroupGivenAsArgumentOrOption() throws Exception {
        assertThat(parse("describe", "orders", "--members"))
                .isEqualTo(new GroupsRequest.DescribeGroup("127.0.0.1:9092", "orders", true));
        assertThat(parse("describe", "--group", "orders", "--bootstrap-server", "10.0.0.1:9093"))
                .isEqualTo(new GroupsRequest.DescribeGroup("10.0.0.1:9093", "orders", false));
        assertThat(error("describe")).isEqualTo("Missing GROUP");
        assertThat(error("describe", "a", "b")).contains("one group");
    }

    @Test
    void shouldParseResetOffsetsAsADryRunByDefault() throws Exception {
        GroupsRequest.ResetOffsets reset = (GroupsRequest.ResetOffsets) parse("reset-offsets", "--group", "g",
                "--topic", "orders", "--topic", "audit:0,2", "--to-earliest");

        assertThat(reset.execute()).isFalse();
        assertThat(reset.target()).isEqualTo(new ResetTarget.Earliest());
        assertThat(reset.topics()).containsExactly(new TopicSelection("orders", List.of()),
                new TopicSelection("audit", List.of(0, 2)));
    }

    @Test
    void shouldParseEachResetTarget() throws Exception {
        assertThat(target("--to-latest")).isEqualTo(new ResetTarget.Latest());
        assertThat(target("--to-offset", "42")).isEqualTo(new ResetTarget.ToOffset(42));
        assertThat(target("--shift-by", "-5")).isEqualTo(new ResetTarget.ShiftBy(-5));
        assertThat(target("--shift-by=+5")).isEqualTo(new ResetTarget.ShiftBy(5));
        assertThat(target("--to-datetime", "2026-11-27T10:00:00Z"))
                .isEqualTo(new ResetTarget.ToDatetime(Instant.parse("2026-11-27T10:00:00Z")));
    }

    private static ResetTarget target(String... option) throws UsageException {
        List<String> args = new ArrayList<>(List.of("reset-offsets", "--group", "g", "--all-topics",
                "--execute"));
        args.addAll(List.of(option));
        GroupsRequest.ResetOffsets reset = (GroupsRequest.ResetOffsets) GroupsCommandLine.parse(args, UTC);
        assertThat(reset.execute()).isTrue();
        assertThat(reset.allTopics()).isTrue();
        return reset.target();
    }

    @Test
    void shouldRejectIncompleteOrContradictoryResets() {
        assertThat(error("reset-offsets", "--group", "g", "--all-topics")).startsWith("Give one of --to-earliest");
        assertThat(error("reset-offsets", "--group", "g", "--all-topics", "--to-earliest", "--to-latest"))
                .startsWith("Give one of --to-earliest");
        assertThat(error("reset-offsets", "--group", "g", "--to-earliest")).contains("--topic or --all-topics");
        assertThat(error("reset-offsets", "--group", "g", "--topic", "t", "--all-topics", "--to-earliest"))
                .contains("--topic or --all-topics");
        assertThat(error("reset-offsets", "--all-topics", "--to-earliest")).isEqualTo("Missing --group");
        assertThat(error("reset-offsets", "--group", "g", "--all-topics", "--to-earliest", "--dry-run",
                "--execute")).contains("not both");
        assertThat(error("reset-offsets", "--group", "g", "--all-topics", "--to-offset", "ten"))
                .isEqualTo("--to-offset takes a number, not 'ten'");
        assertThat(error("reset-offsets", "--group", "g", "--all-topics", "--to-offset", "-1"))
                .contains(">= 0");
        assertThat(error("reset-offsets", "--group", "g", "--all-topics", "--to-datetime", "yesterday"))
                .startsWith("--to-datetime takes YYYY-MM-DDTHH:mm:SS");
        assertThat(error("reset-offsets", "--group", "g", "--topic", "t:x", "--to-earliest"))
                .contains("partition numbers");
        assertThat(error("reset-offsets", "--group", "g", "--topic", ":1", "--to-earliest"))
                .startsWith("--topic takes TOPIC");
    }

    @Test
    void shouldParseDeleteAndDeleteOffsets() throws Exception {
        assertThat(parse("delete", "--group", "a", "--group", "b", "--group", "a"))
                .isEqualTo(new GroupsRequest.DeleteGroups("127.0.0.1:9092", List.of("a", "b")));
        assertThat(parse("delete-offsets", "--group", "a", "--topic", "t:1"))
                .isEqualTo(new GroupsRequest.DeleteOffsets("127.0.0.1:9092", "a",
                        List.of(new TopicSelection("t", List.of(1)))));
        assertThat(error("delete")).isEqualTo("Missing --group");
        assertThat(error("delete", "a")).isEqualTo("Unexpected argument: a");
        assertThat(error("delete-offsets", "--group", "a")).isEqualTo("Missing --topic");
    }

    @Test
    void shouldRejectUnknownCommandsOptionsAndBadValues() {
        assertThat(error()).startsWith("Missing command");
        assertThat(error("frob")).isEqualTo("Unknown command: frob");
        assertThat(error("list", "--verbose")).isEqualTo("Unknown option: --verbose");
        assertThat(error("list", "--members")).isEqualTo("Unknown option: --members");
        assertThat(error("describe", "g", "--members=yes")).isEqualTo("--members takes no value");
        assertThat(error("describe", "g", "--bootstrap-server")).isEqualTo("Missing value for --bootstrap-server");
        assertThat(error("list", "--bootstrap-server", "localhost")).contains("HOST:PORT");
        assertThat(error("list", "--bootstrap-server", "localhost:99999")).contains("HOST:PORT");
        assertThat(error("list", "--bootstrap-server", ":9092")).contains("HOST:PORT");
    }

    @Test
    void shouldAnswerHelpForTheToolAndEachCommand() throws Exception {
        assertThat(parse("--help")).isEqualTo(new GroupsRequest.Help(Usage.GROUPS));
        assertThat(parse("list", "--help")).isEqualTo(new GroupsRequest.Help(Usage.LIST));
        assertThat(parse("describe", "-h")).isEqualTo(new GroupsRequest.Help(Usage.DESCRIBE));
        // --help wins over what else is missing or wrong
        assertThat(parse("reset-offsets", "--help")).isEqualTo(new GroupsRequest.Help(Usage.RESET_OFFSETS));
        assertThat(parse("delete", "--help")).isEqualTo(new GroupsRequest.Help(Usage.DELETE));
        assertThat(parse("delete-offsets", "--help")).isEqualTo(new GroupsRequest.Help(Usage.DELETE_OFFSETS));
    }
}
