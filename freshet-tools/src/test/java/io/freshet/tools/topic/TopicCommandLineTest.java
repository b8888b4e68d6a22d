package io.freshet.tools.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.freshet.tools.cli.UsageException;

import org.junit.jupiter.api.Test;

class TopicCommandLineTest {

    private static final TopicRequest.Connection LOCAL = connection("127.0.0.1:9092");

    private static TopicRequest.Connection connection(String bootstrap) {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrap);
        return new TopicRequest.Connection(config);
    }

    private static TopicRequest parse(String... args) throws UsageException {
        return TopicCommandLine.parse(List.of(args));
    }

    @Test
    void shouldParseCreateWithShortAndLongOptions() throws UsageException {
        assertThat(parse("create", "orders", "-p", "3", "-r", "1", "-c", "retention.ms=1000",
                "--config", "cleanup.policy=compact", "--if-not-exists"))
                .isEqualTo(new TopicRequest.Create(LOCAL, List.of("orders"), Optional.of(3), Optional.of((short) 1),
                        Map.of("retention.ms", "1000", "cleanup.policy", "compact"), true));
        assertThat(parse("create", "a", "b", "--partitions=2", "-b", "h:9"))
                .isEqualTo(new TopicRequest.Create(connection("h:9"),
                        List.of("a", "b"), Optional.of(2), Optional.empty(), Map.of(), false));
    }

    @Test
    void shouldTakeClientPropertiesAsEveryClientCommand() throws UsageException {
        TopicRequest.ListTopics list = (TopicRequest.ListTopics) parse("list", "-X", "security.protocol=SSL",
                "--bootstrap-server=a:1,b:2");
        assertThat(list.connection().clientConfig()).containsEntry("security.protocol", "SSL")
                .containsEntry("bootstrap.servers", "a:1,b:2");
    }

    @Test
    void shouldKeepAnEqualsSignInAConfigValue() throws UsageException {
        TopicRequest.Create create = (TopicRequest.Create) parse("create", "t", "-c", "k=a=b");
        assertThat(create.configs()).containsExactly(Map.entry("k", "a=b"));
    }

    @Test
    void shouldParseTheOtherCommands() throws UsageException {
        assertThat(parse("list")).isEqualTo(new TopicRequest.ListTopics(LOCAL, false, false));
        assertThat(parse("list", "--internal", "-d")).isEqualTo(new TopicRequest.ListTopics(LOCAL, true, true));
        assertThat(parse("describe", "a", "b", "--print-configs"))
                .isEqualTo(new TopicRequest.Describe(LOCAL, List.of("a", "b"), true));
        assertThat(parse("delete", "a", "--if-exists")).isEqualTo(new TopicRequest.Delete(LOCAL, List.of("a"), true));
        assertThat(parse("alter-config", "a", "--set", "retention.ms=1", "-s", "x=y", "--delete", "segment.ms"))
                .isEqualTo(new TopicRequest.AlterConfig(LOCAL, List.of("a"), Map.of("retention.ms", "1", "x", "y"),
                        List.of("segment.ms")));
        assertThat(parse("add-partitions", "a", "-n", "2"))
                .isEqualTo(new TopicRequest.AddPartitions(LOCAL, List.of("a"), 2));
    }

    @Test
    void shouldAnswerHelpForTheToolAndForEachCommand() throws UsageException {
        assertThat(parse("--help")).isEqualTo(new TopicRequest.Help(TopicUsage.TOPIC));
        assertThat(parse("create", "-h")).isEqualTo(new TopicRequest.Help(TopicUsage.CREATE));
        assertThat(parse("describe", "--help")).isEqualTo(new TopicRequest.Help(TopicUsage.DESCRIBE));
        assertThat(parse("add-partitions", "--help")).isEqualTo(new TopicRequest.Help(TopicUsage.ADD_PARTITIONS));
    }

    @Test
    void shouldRefuseABadCommandLineWithTheCommandsUsage() {
        assertThatThrownBy(() -> parse()).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("Missing command: create, list");
        assertThatThrownBy(() -> parse("rename")).hasMessage("Unknown command: rename");
        assertThatThrownBy(() -> parse("create")).hasMessage("Missing topic NAME")
                .satisfies(e -> assertThat(((UsageException) e).usage()).isEqualTo(TopicUsage.CREATE));
        assertThatThrownBy(() -> parse("create", "t", "-p", "0")).hasMessage("--partitions takes a number >= 1, not 0");
        assertThatThrownBy(() -> parse("create", "t", "-c", "retention.ms")).hasMessage(
                "--config takes KEY=VALUE, not 'retention.ms'");
        assertThatThrownBy(() -> parse("create", "t", "-c", "a=1", "-c", "a=2")).hasMessage(
                "--config gives 'a' twice");
        assertThatThrownBy(() -> parse("list", "extra")).hasMessage("Unexpected argument: extra");
        assertThatThrownBy(() -> parse("alter-config", "t")).hasMessage("Give --set KEY=VALUE or --delete KEY");
        assertThatThrownBy(() -> parse("alter-config", "t", "-s", "a=1", "-d", "a"))
                .hasMessage("'a' is both set and deleted");
        assertThatThrownBy(() -> parse("add-partitions", "t")).hasMessageStartingWith("Missing -n/--num N");
        assertThatThrownBy(() -> parse("add-partitions", "t", "-n", "0")).hasMessage("--num takes a number >= 1, not 0");
        assertThatThrownBy(() -> parse("delete", "t", "--force")).hasMessage("Unknown option: --force");
        assertThatThrownBy(() -> parse("create", "t", "-r", "40000")).hasMessage(
                "--replication-factor takes a number <= 32767, not 40000");
        assertThatThrownBy(() -> parse("list", "-b", "localhost")).hasMessage(
                "--bootstrap-server takes HOST:PORT, not 'localhost'");
    }
}
