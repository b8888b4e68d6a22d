package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.tools.AclCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code kafka-acls.sh} (Kafka 4.4's AclCommand, from kafka-tools) against the broker, run in-process with its
 * output captured: it adds literal, prefixed and DENY ACLs, lists them by resource and by principal, and removes
 * them; the broker's ACLs (read back with the Admin client) follow each step. The client is {@code User:ANONYMOUS},
 * a super user here.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AclsCliTest {

    @RegisterExtension
    static final FreshetExtension freshet = FreshetExtension.perClass()
        .withProperty("authorizer.class.name", "io.freshet.security.acl.FreshetAuthorizer")
        .withProperty("super.users", "User:ANONYMOUS");

    @BeforeEach
    void exitThrows() {
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("kafka-acls.sh exited with " + status + ": " + message);
        });
    }

    @AfterEach
    void exitRestored() {
        Exit.resetExitProcedure();
    }

    /** What one run printed. */
    private String acls(String... args) {
        List<String> words = new ArrayList<>(List.of("--bootstrap-server", freshet.bootstrapServers()));
        words.addAll(List.of(args));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            AclCommand.main(words.toArray(String[]::new));
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private Collection<AclBinding> brokerAcls() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", freshet.bootstrapServers()))) {
            return admin.describeAcls(AclBindingFilter.ANY).values().get();
        }
    }

    @Test
    void addsListsAndRemovesAcls() throws Exception {
        acls("--add", "--allow-principal", "User:alice", "--operation", "Read", "--operation", "Write",
            "--topic", "orders");
        acls("--add", "--allow-principal", "User:alice", "--operation", "Write", "--resource-pattern-type",
            "prefixed", "--topic", "team-a.");
        acls("--add", "--deny-principal", "User:bob", "--operation", "All", "--topic", "orders");
        // --consumer is Kafka's shorthand: READ + DESCRIBE on the topic, READ on the group.
        acls("--add", "--allow-principal", "User:carol", "--consumer", "--topic", "orders", "--group", "readers");

        AclBinding aliceReads = binding(ResourceType.TOPIC, "orders", PatternType.LITERAL, "User:alice",
            AclOperation.READ, AclPermissionType.ALLOW);
        AclBinding alicePrefixed = binding(ResourceType.TOPIC, "team-a.", PatternType.PREFIXED, "User:alice",
            AclOperation.WRITE, AclPermissionType.ALLOW);
        AclBinding bobDenied = binding(ResourceType.TOPIC, "orders", PatternType.LITERAL, "User:bob",
            AclOperation.ALL, AclPermissionType.DENY);
        AclBinding carolGroup = binding(ResourceType.GROUP, "readers", PatternType.LITERAL, "User:carol",
            AclOperation.READ, AclPermissionType.ALLOW);
        assertThat(brokerAcls()).contains(aliceReads, alicePrefixed, bobDenied, carolGroup).hasSize(7);

        String listed = acls("--list", "--topic", "orders");
        assertThat(listed).contains("User:alice").contains("User:bob").contains("operation=ALL")
            .contains("permissionType=DENY").doesNotContain("team-a.");
        assertThat(acls("--list", "--principal", "User:alice")).contains("name=team-a.")
            .contains("patternType=PREFIXED").contains("name=orders");

        acls("--remove", "--force", "--deny-principal", "User:bob", "--operation", "All", "--topic", "orders");
        acls("--remove", "--force", "--resource-pattern-type", "prefixed", "--topic", "team-a.");
        assertThat(brokerAcls()).doesNotContain(bobDenied, alicePrefixed).contains(aliceReads).hasSize(5);
    }

    private static AclBinding binding(ResourceType type, String name, PatternType pattern, String principal,
                                      AclOperation op, AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
            new AccessControlEntry(principal, "*", op, permission));
    }
}
