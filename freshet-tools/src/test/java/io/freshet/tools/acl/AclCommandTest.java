package io.freshet.tools.acl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import io.freshet.tools.Tools;
import io.freshet.tools.cli.ParsedOptions;
import io.freshet.tools.cli.ToolCommand;
import io.freshet.tools.cli.UsageException;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * The command line of {@code freshet acl}: usage errors (exit 2, one line, no broker contacted) and the ACLs and
 * filters the options mean; against a broker with an authorizer: freshet-it's AclCliTest.
 */
class AclCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Tools.find("acl").orElseThrow().run(List.of(args), new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out), new PrintWriter(err), false);
    }

    @Test
    void helpGoesToStdoutWithExitCode0() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: freshet acl create");
        assertThat(run("list", "-h")).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void badCommandLinesExitWith2AndSayWhy() {
        // -b to a port nothing listens on: a usage error must be found before any connection is tried.
        String[][] lines = {
            {},
            {"grant"},
            {"create", "--topic", "t", "--operation", "Read"},
            {"create", "--allow-principal", "User:alice", "--operation", "Read"},
            {"create", "--allow-principal", "User:alice", "--topic", "t"},
            {"create", "--allow-principal", "alice", "--operation", "Read", "--topic", "t"},
            {"create", "--allow-principal", "User:alice", "--operation", "Reed", "--topic", "t"},
            {"create", "--allow-principal", "User:alice", "--operation", "Read", "--cluster"},
            {"create", "--allow-principal", "User:alice", "--operation", "Read", "--topic", "t",
                "--resource-pattern-type", "match"},
            {"create", "--deny-host", "10.0.0.1", "--allow-principal", "User:a", "--operation", "Read", "--topic",
                "t"},
            {"list", "--operation", "Read"},
            {"delete", "--allow-principal", "User:alice"},
            {"create", "--force", "--allow-principal", "User:a", "--operation", "Read", "--topic", "t"},
            {"list", "--colour"},
        };
        for (String[] line : lines) {
            List<String> args = new java.util.ArrayList<>(List.of(line));
            args.addAll(List.of("-b", "127.0.0.1:1"));
            assertThat(run(line.length == 0 ? new String[0] : args.toArray(String[]::new)))
                    .as(String.join(" ", line)).isEqualTo(ToolCommand.EXIT_USAGE);
        }
        assertThat(err.toString().lines().filter(l -> l.startsWith("freshet acl: ")).toList()).containsExactly(
                "freshet acl: Missing command: create, list or delete",
                "freshet acl: Unknown command: grant",
                "freshet acl: Give --allow-principal or --deny-principal",
                "freshet acl: Give a resource: --topic, --group, --cluster or --transactional-id",
                "freshet acl: Give at least one --operation",
                "freshet acl: --allow-principal takes TYPE:NAME (e.g. User:alice), not 'alice'",
                "freshet acl: Unknown --operation 'Reed': one of Read, Write, Create, Delete, Alter, Describe, "
                        + "ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite, CreateTokens, "
                        + "DescribeTokens, All",
                "freshet acl: --operation READ does not apply to a CLUSTER (valid: [ALL, CREATE, ALTER, "
                        + "DESCRIBE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE, "
                        + "CREATE_TOKENS, DESCRIBE_TOKENS])",
                "freshet acl: --resource-pattern-type takes literal|prefixed here, not 'match'",
                "freshet acl: --deny-host needs --deny-principal",
                "freshet acl: --operation does not apply to acl list",
                "freshet acl: Give a resource: --topic, --group, --cluster or --transactional-id",
                "freshet acl: --force applies to acl delete only",
                "freshet acl: Unknown option: --colour");
        assertThat(err.toString()).contains("Usage: freshet acl create");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void createMakesOneAclPerResourcePrincipalHostAndOperation() throws UsageException {
        List<AclBinding> bindings = selection("--allow-principal", "User:alice", "--deny-principal", "User:bob",
                "--deny-host", "10.0.0.9", "--operation", "Read", "--operation", "describe_configs", "--topic",
                "orders.", "--resource-pattern-type", "PREFIXED").bindings();
        ResourcePattern orders = new ResourcePattern(ResourceType.TOPIC, "orders.", PatternType.PREFIXED);
        assertThat(bindings).containsExactly(
                new AclBinding(orders, new AccessControlEntry("User:alice", "*", AclOperation.READ,
                        AclPermissionType.ALLOW)),
                new AclBinding(orders, new AccessControlEntry("User:alice", "*", AclOperation.DESCRIBE_CONFIGS,
                        AclPermissionType.ALLOW)),
                new AclBinding(orders, new AccessControlEntry("User:bob", "10.0.0.9", AclOperation.READ,
                        AclPermissionType.DENY)),
                new AclBinding(orders, new AccessControlEntry("User:bob", "10.0.0.9", AclOperation.DESCRIBE_CONFIGS,
                        AclPermissionType.DENY)));
        assertThat(selection("--allow-principal", "User:*", "--operation", "IdempotentWrite", "--cluster")
                .bindings()).containsExactly(new AclBinding(new ResourcePattern(ResourceType.CLUSTER,
                        "kafka-cluster", PatternType.LITERAL), new AccessControlEntry("User:*", "*",
                        AclOperation.IDEMPOTENT_WRITE, AclPermissionType.ALLOW)));
    }

    @Test
    void listAndDeleteFiltersMatchAnythingNotGiven() throws UsageException {
        assertThat(selection().listFilters()).containsExactly(new AclBindingFilter(new ResourcePatternFilter(
                ResourceType.ANY, null, PatternType.ANY), AccessControlEntryFilter.ANY));
        assertThat(selection("--group", "app", "--principal", "User:alice").listFilters()).containsExactly(
                new AclBindingFilter(new ResourcePatternFilter(ResourceType.GROUP, "app", PatternType.ANY),
                        new AccessControlEntryFilter("User:alice", null, AclOperation.ANY, AclPermissionType.ANY)));
        assertThat(selection("--topic", "orders").deleteFilters()).containsExactly(new AclBindingFilter(
                new ResourcePatternFilter(ResourceType.TOPIC, "orders", PatternType.LITERAL),
                AccessControlEntryFilter.ANY));
        assertThat(selection("--transactional-id", "tx", "--deny-principal", "User:bob", "--operation", "Write")
                .deleteFilters()).containsExactly(new AclBindingFilter(new ResourcePatternFilter(
                        ResourceType.TRANSACTIONAL_ID, "tx", PatternType.LITERAL), new AccessControlEntryFilter(
                        "User:bob", null, AclOperation.WRITE, AclPermissionType.DENY)));
    }

    private static AclSelection selection(String... args) throws UsageException {
        ParsedOptions parsed = AclCommand.PARSER.parse(List.of(args));
        return new AclSelection(parsed);
    }
}
