package io.freshet.tools.users;

import io.freshet.tools.cli.AdminConnection;
import io.freshet.tools.cli.ClientProperties;
import io.freshet.tools.cli.CommandErrors;
import io.freshet.tools.cli.OptionParser;
import io.freshet.tools.cli.ParsedOptions;
import io.freshet.tools.cli.TextTable;
import io.freshet.tools.cli.ToolCommand;
import io.freshet.tools.cli.UsageException;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code freshet users}: SCRAM users of the broker, through the Admin client's AlterUserScramCredentials /
 * DescribeUserScramCredentials (so it manages a Kafka cluster's users too). The password is salted by the client
 * (kafka-clients does it); the broker receives and keeps only derived keys.
 */
public final class UsersCommand implements ToolCommand {

    /** {@code freshet users}, as {@link io.freshet.tools.Tools} lists it. */
    public static final UsersCommand TOOL = new UsersCommand();

    static final int DEFAULT_ITERATIONS = 4096; // kafka-configs.sh's default

    static final String USAGE = String.join("\n",
            "Usage: freshet users create NAME (--password P | --password-stdin) [--mechanism M]... [--iterations N]",
            "       freshet users list",
            "       freshet users describe NAME",
            "       freshet users delete NAME [--mechanism M]...",
            "",
            "SCRAM users (SASL mechanisms SCRAM-SHA-256 and SCRAM-SHA-512) of the broker. create adds or replaces a",
            "user's credential for each --mechanism (default SCRAM-SHA-256) with --iterations (4096..16384, default",
            DEFAULT_ITERATIONS + "); --password-stdin reads the password from the first line of standard input.",
            "list and describe print USER MECHANISM ITERATIONS; delete removes the given mechanisms (default all the",
            "user has). PLAIN users live in the broker's JAAS configuration, not here.",
            "Connecting to a SASL listener: put sasl.mechanism, security.protocol and sasl.jaas.config in a",
            "--command-config file.",
            "",
            ClientProperties.USAGE,
            "",
            "Exit codes: 0 done, 1 failed (e.g. RESOURCE_NOT_FOUND, CLUSTER_AUTHORIZATION_FAILED), 2 bad arguments.");

    private static final OptionParser PARSER = OptionParser.forClient(USAGE)
            .value("--password")
            .flag("--password-stdin")
            .value("--mechanism")
            .value("--iterations");

    private UsersCommand() {
    }

    @Override
    public String name() {
        return "users";
    }

    @Override
    public String summary() {
        return "create, list, describe, delete SCRAM users (SASL)";
    }

    @Override
    public int run(List<String> args, InputStream in, PrintWriter out, PrintWriter err, boolean interactive) {
        return CommandErrors.run(name(), out, err, () -> {
            if (args.isEmpty()) {
                throw new UsageException("Missing command: create, list, describe or delete", USAGE);
            }
            String action = args.get(0);
            if (List.of("help", "--help", "-h").contains(action)) {
                out.println(USAGE);
                return EXIT_OK;
            }
            if (!List.of("create", "list", "describe", "delete").contains(action)) {
                throw new UsageException("Unknown command: " + action, USAGE);
            }
            ParsedOptions parsed = PARSER.parse(args.subList(1, args.size()));
            if (parsed.help()) {
                out.println(USAGE);
                return EXIT_OK;
            }
            Properties clientConfig = ClientProperties.from(parsed, new Properties());
            return switch (action) {
                case "create" -> create(parsed, clientConfig, in, out);
                case "list" -> {
                    if (!parsed.positionals().isEmpty()) {
                        throw parsed.usageError("Unexpected argument: " + parsed.positionals().get(0));
                    }
                    yield print(clientConfig, null, out);
                }
                case "describe" -> print(clientConfig, parsed.single("user name"), out);
                default -> delete(parsed, clientConfig, out);
            };
        });
    }

    private static int create(ParsedOptions parsed, Properties clientConfig, InputStream in, PrintWriter out)
            throws UsageException {
        String user = parsed.single("user name");
        String password = password(parsed, in);
        int iterations = parsed.number("--iterations", 1).map(Long::intValue).orElse(DEFAULT_ITERATIONS);
        Set<ScramMechanism> mechanisms = mechanisms(parsed);
        if (mechanisms.isEmpty()) {
            mechanisms = Set.of(ScramMechanism.SCRAM_SHA_256);
        }
        try (AdminConnection broker = AdminConnection.connect(clientConfig, "freshet-users")) {
            // One request per mechanism: Kafka refuses a user named twice in one request (DUPLICATE_RESOURCE).
            for (ScramMechanism mechanism : mechanisms) {
                broker.await("storing " + mechanism.mechanismName() + " credentials of user '" + user + "'",
                        broker.admin().alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                                new ScramCredentialInfo(mechanism, iterations), password))).all());
                out.println("Stored " + mechanism.mechanismName() + " credentials of user '" + user + "' ("
                        + iterations + " iterations)");
            }
        }
        return EXIT_OK;
    }

    private static int delete(ParsedOptions parsed, Properties clientConfig, PrintWriter out)
            throws UsageException {
        String user = parsed.single("user name");
        Set<ScramMechanism> mechanisms = mechanisms(parsed);
        try (AdminConnection broker = AdminConnection.connect(clientConfig, "freshet-users")) {
            if (mechanisms.isEmpty()) {
                UserScramCredentialsDescription description = broker.await("describing user '" + user + "'",
                        broker.admin().describeUserScramCredentials(List.of(user)).description(user));
                mechanisms = new LinkedHashSet<>();
                for (ScramCredentialInfo info : description.credentialInfos()) {
                    mechanisms.add(info.mechanism());
                }
            }
            List<UserScramCredentialAlteration> deletions = new ArrayList<>();
            for (ScramMechanism mechanism : mechanisms) {
                broker.await("deleting " + mechanism.mechanismName() + " credentials of user '" + user + "'",
                        broker.admin().alterUserScramCredentials(List.of(
                                new UserScramCredentialDeletion(user, mechanism))).all());
                out.println("Deleted " + mechanism.mechanismName() + " credentials of user '" + user + "'");
            }
        }
        return EXIT_OK;
    }

    /** One user, or every user when {@code user} is null. */
    private static int print(Properties clientConfig, String user, PrintWriter out) {
        try (AdminConnection broker = AdminConnection.connect(clientConfig, "freshet-users")) {
            Map<String, UserScramCredentialsDescription> users = new TreeMap<>();
            if (user == null) {
                users.putAll(broker.await("listing users", broker.admin().describeUserScramCredentials().all()));
            } else {
                users.put(user, broker.await("describing user '" + user + "'",
                        broker.admin().describeUserScramCredentials(List.of(user)).description(user)));
            }
            TextTable table = new TextTable("USER", "MECHANISM", "ITERATIONS");
            users.forEach((name, description) -> description.credentialInfos().forEach(info ->
                    table.row(name, info.mechanism().mechanismName(), info.iterations())));
            table.print(out);
        }
        return EXIT_OK;
    }

    private static String password(ParsedOptions parsed, InputStream in) throws UsageException {
        if (parsed.has("--password") && parsed.has("--password-stdin")) {
            throw parsed.usageError("Give --password or --password-stdin, not both");
        }
        if (parsed.has("--password")) {
            String password = parsed.optional("--password").orElse("");
            if (password.isEmpty()) {
                throw parsed.usageError("--password must not be empty");
            }
            return password;
        }
        if (!parsed.has("--password-stdin")) {
            throw parsed.usageError("Missing --password or --password-stdin");
        }
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw parsed.usageError("No password on standard input");
            }
            return line;
        } catch (IOException e) {
            throw parsed.usageError("Cannot read the password from standard input: " + e.getMessage());
        }
    }

    private static Set<ScramMechanism> mechanisms(ParsedOptions parsed) throws UsageException {
        Set<ScramMechanism> mechanisms = new LinkedHashSet<>();
        for (String name : parsed.all("--mechanism")) {
            ScramMechanism mechanism = ScramMechanism.fromMechanismName(name.trim().toUpperCase());
            if (mechanism == ScramMechanism.UNKNOWN) {
                throw parsed.usageError("--mechanism takes SCRAM-SHA-256 or SCRAM-SHA-512, not '" + name + "'");
            }
            mechanisms.add(mechanism);
        }
        return mechanisms;
    }
}
