package io.freshet.tools.acl;

import io.freshet.tools.cli.AdminConnection;
import io.freshet.tools.cli.ClientProperties;
import io.freshet.tools.cli.CommandErrors;
import io.freshet.tools.cli.CommandFailedException;
import io.freshet.tools.cli.OptionParser;
import io.freshet.tools.cli.ParsedOptions;
import io.freshet.tools.cli.TextTable;
import io.freshet.tools.cli.ToolCommand;
import io.freshet.tools.cli.UsageException;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.SecurityDisabledException;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code freshet acl}: the broker's ACLs through the Admin client's CreateAcls / DescribeAcls / DeleteAcls, so it
 * manages a Kafka cluster's ACLs too. The actions are rpk's ({@code rpk security acl create|list|delete}), the
 * options kafka-acls.sh's ({@link AclSelection} reads them).
 */
public final class AclCommand implements ToolCommand {

    /** {@code freshet acl}, as {@link io.freshet.tools.Tools} lists it. */
    public static final AclCommand TOOL = new AclCommand();

    static final String USAGE = String.join("\n",
            "Usage: freshet acl create (--allow-principal P | --deny-principal P)... [--allow-host H]",
            "                          [--deny-host H] --operation OP... RESOURCE...",
            "                          [--resource-pattern-type literal|prefixed]",
            "       freshet acl list [RESOURCE...] [--principal P]...",
            "                        [--resource-pattern-type any|match|literal|prefixed]",
            "       freshet acl delete RESOURCE... [--allow-principal P | --deny-principal P]... [--allow-host H]",
            "                          [--deny-host H] [--operation OP]...",
            "                          [--resource-pattern-type any|match|literal|prefixed]",
            "",
            "RESOURCE is --topic T, --group G, --cluster or --transactional-id X (each repeatable). P is TYPE:NAME,",
            "e.g. User:alice or User:* (everyone). OP is Read, Write, Create, Delete, Alter, Describe, ClusterAction,",
            "DescribeConfigs, AlterConfigs, IdempotentWrite, CreateTokens, DescribeTokens or All.",
            "create adds one ACL per resource, principal, host (default *) and operation; pattern type default literal.",
            "list prints PRINCIPAL HOST RESOURCE-TYPE RESOURCE-NAME PATTERN OPERATION PERMISSION (default: every ACL,",
            "pattern type any). delete removes the ACLs the filter matches (pattern type default literal; principals,",
            "hosts and operations narrow it, else any) and prints them; there is no prompt (--force is accepted).",
            "Connecting to a SASL or TLS listener: put security.protocol, sasl.mechanism and sasl.jaas.config in a",
            "--command-config file (the principal needs ALTER on the cluster, or be a super user).",
            "",
            ClientProperties.USAGE,
            "",
            "Exit codes: 0 done, 1 failed (e.g. SECURITY_DISABLED: no authorizer, CLUSTER_AUTHORIZATION_FAILED),",
            "2 bad arguments.");

    static final OptionParser PARSER = OptionParser.forClient(USAGE)
            .value(AclSelection.ALLOW_PRINCIPAL)
            .value(AclSelection.DENY_PRINCIPAL)
            .value(AclSelection.ALLOW_HOST)
            .value(AclSelection.DENY_HOST)
            .value(AclSelection.PRINCIPAL)
            .value(AclSelection.OPERATION)
            .value(AclSelection.TOPIC)
            .value(AclSelection.GROUP)
            .flag(AclSelection.CLUSTER)
            .value(AclSelection.TRANSACTIONAL_ID)
            .value(AclSelection.PATTERN_TYPE)
            .flag("--force");

    /** Rows in a stable order: by resource, then principal, host, operation, permission. */
    private static final Comparator<AclBinding> ORDER = Comparator
            .comparing((AclBinding b) -> b.pattern().resourceType())
            .thenComparing(b -> b.pattern().name())
            .thenComparing(b -> b.pattern().patternType())
            .thenComparing(b -> b.entry().principal())
            .thenComparing(b -> b.entry().host())
            .thenComparing(b -> b.entry().operation())
            .thenComparing(b -> b.entry().permissionType());

    private AclCommand() {
    }

    @Override
    public String name() {
        return "acl";
    }

    @Override
    public String summary() {
        return "create, list, delete ACLs (as kafka-acls.sh)";
    }

    @Override
    public int run(List<String> args, InputStream in, PrintWriter out, PrintWriter err, boolean interactive) {
        return CommandErrors.run(name(), out, err, () -> {
            if (args.isEmpty()) {
                throw new UsageException("Missing command: create, list or delete", USAGE);
            }
            String action = args.get(0);
            if (List.of("help", "--help", "-h").contains(action)) {
                out.println(USAGE);
                return EXIT_OK;
            }
            if (!List.of("create", "list", "delete").contains(action)) {
                throw new UsageException("Unknown command: " + action, USAGE);
            }
            ParsedOptions parsed = PARSER.parse(args.subList(1, args.size()));
            if (parsed.help()) {
                out.println(USAGE);
                return EXIT_OK;
            }
            if (parsed.has("--force") && !action.equals("delete")) {
                throw parsed.usageError("--force applies to acl delete only");
            }
            AclSelection selection = new AclSelection(parsed);
            // Read the whole command line before connecting: a usage error never reaches the broker.
            return switch (action) {
                case "create" -> create(selection.bindings(), ClientProperties.from(parsed, new Properties()), out);
                case "list" -> list(selection.listFilters(), ClientProperties.from(parsed, new Properties()), out);
                default -> delete(selection.deleteFilters(), ClientProperties.from(parsed, new Properties()), out);
            };
        });
    }

    private static int create(List<AclBinding> bindings, Properties clientConfig, PrintWriter out) {
        try (AdminConnection broker = AdminConnection.connect(clientConfig, "freshet-acl")) {
            withoutAuthorizer(() -> broker.await("creating ACLs", broker.admin().createAcls(bindings).all()));
        }
        out.println("Created " + count(bindings.size()) + ":");
        table(bindings).print(out);
        return EXIT_OK;
    }

    private static int list(List<AclBindingFilter> filters, Properties clientConfig, PrintWriter out) {
        Set<AclBinding> found = new LinkedHashSet<>();
        try (AdminConnection broker = AdminConnection.connect(clientConfig, "freshet-acl")) {
            for (AclBindingFilter filter : filters) {
                found.addAll(withoutAuthorizer(() -> broker.await("listing ACLs",
                        broker.admin().describeAcls(filter).values())));
            }
        }
        table(found).print(out);
        return EXIT_OK;
    }

    private static int delete(List<AclBindingFilter> filters, Properties clientConfig, PrintWriter out) {
        Collection<AclBinding> deleted;
        try (AdminConnection broker = AdminConnection.connect(clientConfig, "freshet-acl")) {
            deleted = withoutAuthorizer(() -> broker.await("deleting ACLs",
                    broker.admin().deleteAcls(filters).all()));
        }
        Set<AclBinding> distinct = new LinkedHashSet<>(deleted); // two filters may match one ACL
        if (distinct.isEmpty()) {
            out.println("No ACL matched: nothing deleted");
            return EXIT_OK;
        }
        out.println("Deleted " + count(distinct.size()) + ":");
        table(distinct).print(out);
        return EXIT_OK;
    }

    /** A broker without an authorizer answers SECURITY_DISABLED to every ACL request: say that in one line. */
    private static <T> T withoutAuthorizer(Supplier<T> call) {
        try {
            return call.get();
        } catch (SecurityDisabledException e) {
            throw new CommandFailedException("SECURITY_DISABLED: the broker has no authorizer, so it keeps no ACLs "
                    + "(set authorizer.class.name on the broker)");
        }
    }

    private static TextTable table(Collection<AclBinding> bindings) {
        TextTable table = new TextTable("PRINCIPAL", "HOST", "RESOURCE-TYPE", "RESOURCE-NAME", "PATTERN",
                "OPERATION", "PERMISSION");
        bindings.stream().sorted(ORDER).forEach(b -> table.row(b.entry().principal(), b.entry().host(),
                b.pattern().resourceType(), b.pattern().name(), b.pattern().patternType(), b.entry().operation(),
                b.entry().permissionType()));
        return table;
    }

    private static String count(int n) {
        return n + (n == 1 ? " ACL" : " ACLs");
    }
}
