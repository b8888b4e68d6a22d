package io.freshet.server;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line: {@code server [--port N] [--mqtt-port M] [--http-port P] [--host H] [--data-dir D] [--config FILE]
 * [--set KEY=VALUE]...},
 * {@code version}, {@code help}, {@code groups ...} (parsed by freshet-tools), {@code sql ...} (parsed by freshet-sql). Options take their value as the next word or after {@code =}.
 *
 * <p>Design note: hand-written rather than picocli because start-up time is a feature: a command-line library's
 * reflection cost about 55 ms of a 215 ms start (measured on 2 cores), for six options.
 */
final class CommandLineArgs {

    static final String USAGE = String.join("\n",
        "Usage: freshet server [--port PORT] [--mqtt-port PORT] [--http-port PORT] [--host HOST] [--data-dir DIR]",
        "                      [--config FILE] [--set KEY=VALUE]...",
        "       freshet gateway --bootstrap-server HOST:PORT[,...] [--mqtt-port PORT] [--http-port PORT] [--host HOST]",
        "                      [--config FILE] [--set KEY=VALUE]...   (freshet gateway --help)",
        "       freshet version",
        "       freshet COMMAND [--bootstrap-server HOST:PORT] ...   (freshet COMMAND --help; see Commands below)",
        "",
        "  --port PORT        Kafka listener port (default 9092; 0 picks a free one)",
        "  --mqtt-port PORT   MQTT listener port (default 1883; 0 picks a free one; -1: no MQTT listener)",
        "  --http-port PORT   HTTP listener port (default 8082; 0 picks a free one; -1: no HTTP listener)",
        "  --host HOST        the listeners' address (default 127.0.0.1)",
        "  --data-dir DIR     where the logs live (default ./data)",
        "  --config FILE      a properties file with Kafka's key names (log.dirs, num.partitions, ...)",
        "  --set KEY=VALUE    sets one Kafka config key; overrides --config, is overridden by the flags above");

    private static final java.util.Set<String> OPTIONS = java.util.Set.of("--port", "--mqtt-port", "--http-port", "--host",
        "--data-dir", "--config", "--set");

    static final String GATEWAY_USAGE = String.join("\n",
        "Usage: freshet gateway --bootstrap-server HOST:PORT[,HOST:PORT...] [--mqtt-port PORT] [--http-port PORT]",
        "                       [--host HOST] [--config FILE] [--set KEY=VALUE]...",
        "",
        "Runs the MQTT and HTTP listeners (REST, SSE, WebSocket, MQTT over WebSocket, console, metrics) in front of",
        "any Kafka-protocol cluster, with their state (MQTT sessions, retained messages) in the cluster's topics: no",
        "data directory, and several gateways may run side by side on one cluster.",
        "",
        "  --bootstrap-server HOST:PORT[,...]  the cluster (required)",
        "  --mqtt-port PORT   MQTT listener port (default 1883; 0 picks a free one; -1: no MQTT listener)",
        "  --http-port PORT   HTTP listener port (default 8082; 0 picks a free one; -1: no HTTP listener)",
        "  --host HOST        the listeners' address (default 127.0.0.1)",
        "  --config FILE      a properties file: mqtt.*, http.*, gateway.*, kafka.* (the clients' own keys,",
        "                     e.g. kafka.security.protocol=SASL_SSL), auto.create.topics.enable, metrics.enabled",
        "  --set KEY=VALUE    sets one key; overrides --config, is overridden by the flags above",
        "",
        "  gateway.poll.interval.ms (50): how often the cluster's end offsets are read: the most an append made by",
        "                     another client waits before MQTT subscribers and HTTP streams of this gateway see it",
        "",
        "Users and ACLs are the cluster's own:",
        "  gateway.auth (cluster when kafka.security.protocol is SASL_*, else none): cluster: an MQTT or HTTP Basic",
        "                     password is checked by a SASL login to the cluster as that user, and the cluster's",
        "                     ACLs are enforced for User:NAME; none: every client may do everything",
        "  gateway.auth.sasl.mechanism (SCRAM-SHA-256): or SCRAM-SHA-512, PLAIN",
        "  gateway.auth.cache.ms (60000): how long an accepted password is not asked again (0: every time)",
        "  gateway.auth.timeout.ms (10000): the bound of one login and of one ACL read",
        "  gateway.acl.refresh.ms (5000): how often the cluster's ACLs are read again",
        "  super.users, allow.everyone.if.no.acl.found: the cluster's broker settings, which the gateway is told",
        "                     here (it cannot read them); the gateway's own principal needs DESCRIBE on the",
        "                     cluster (to read ACLs) and the rights of every client it serves (see README)");

    /** What the command line asks for. */
    sealed interface Parsed permits Server, Gateway, GatewayHelp, Version, Help, Tool, Sql {
    }

    /** Options of {@code gateway}; null where not given. */
    record Gateway(String bootstrapServers, Integer mqttPort, Integer httpPort, String host, Path configFile,
                   Map<String, String> sets) implements Parsed {
    }

    /** {@code gateway --help}. */
    record GatewayHelp() implements Parsed {
    }

    /** Options of {@code server}; null where not given, so that the config file's value stands. */
    record Server(Integer port, Integer mqttPort, Integer httpPort, String host, String dataDir, Path configFile,
                  Map<String, String> sets) implements Parsed {
    }

    record Version() implements Parsed {
    }

    record Help() implements Parsed {
    }

    /** {@code NAME ...}: a client command of freshet-tools ({@code io.freshet.tools.Tools}) and the words after it. */
    record Tool(String name, List<String> args) implements Parsed {
    }

    /** {@code sql ...}: the words after {@code sql}, for {@code io.freshet.sql.cli.SqlCommand}. */
    record Sql(List<String> args) implements Parsed {
    }

    /** A command line that cannot be run, with a message for the user. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private CommandLineArgs() {
    }

    static Parsed parse(String... args) throws UsageException {
        if (args.length == 0) {
            throw new UsageException("Missing command (freshet --help lists them)");
        }
        return switch (args[0]) {
            case "server" -> server(List.of(args).subList(1, args.length));
            case "version", "--version", "-V" -> new Version();
            case "sql" -> new Sql(List.of(args).subList(1, args.length));
            case "gateway" -> gateway(List.of(args).subList(1, args.length));
            case "help", "--help", "-h" -> new Help();
            default -> tool(args);
        };
    }

    private static Parsed tool(String... args) throws UsageException {
        if (io.freshet.tools.Tools.find(args[0]).isEmpty()) {
            throw new UsageException("Unknown command: " + args[0]);
        }
        return new Tool(args[0], List.of(args).subList(1, args.length));
    }

    /** {@link #USAGE} and one line per command: what {@code freshet --help} prints. */
    static String usage() {
        StringBuilder text = new StringBuilder(USAGE).append("\n\nCommands:\n");
        text.append(String.format("  %-10s %s%n", "server", "runs the broker (the options above)"));
        text.append(String.format("  %-10s %s%n", "gateway", "runs the MQTT and HTTP listeners in front of a Kafka cluster"));
        text.append(String.format("  %-10s %s%n", "version", "prints the version"));
        for (io.freshet.tools.cli.ToolCommand command : io.freshet.tools.Tools.commands()) {
            text.append(String.format("  %-10s %s%n", command.name(), command.summary()));
        }
        text.append(String.format("  %-10s %s", "sql", "runs SQL statements, or a standalone SQL engine against any cluster"));
        return text.toString();
    }

    private static Parsed server(List<String> args) throws UsageException {
        List<Map.Entry<String, String>> options = options(args, OPTIONS, "Unknown option: %s");
        if (options == null) {
            return new Help();
        }
        Integer port = null;
        Integer mqttPort = null;
        Integer httpPort = null;
        String host = null;
        String dataDir = null;
        Path configFile = null;
        Map<String, String> sets = new LinkedHashMap<>();
        for (Map.Entry<String, String> option : options) {
            String value = option.getValue();
            switch (option.getKey()) {
                case "--port" -> port = port(value);
                case "--mqtt-port" -> mqttPort = optionalListenerPort("--mqtt-port", value);
                case "--http-port" -> httpPort = optionalListenerPort("--http-port", value);
                case "--host" -> host = value;
                case "--data-dir" -> dataDir = value;
                case "--config" -> configFile = Path.of(value);
                default -> put(sets, value); // --set
            }
        }
        return new Server(port, mqttPort, httpPort, host, dataDir, configFile, sets);
    }

    private static final java.util.Set<String> GATEWAY_OPTIONS = java.util.Set.of("--bootstrap-server", "--mqtt-port",
        "--http-port", "--host", "--config", "--set");

    private static Parsed gateway(List<String> args) throws UsageException {
        List<Map.Entry<String, String>> options = options(args, GATEWAY_OPTIONS,
            "Unknown option of gateway: %s (freshet gateway --help)");
        if (options == null) {
            return new GatewayHelp();
        }
        String bootstrap = null;
        Integer mqttPort = null;
        Integer httpPort = null;
        String host = null;
        Path configFile = null;
        Map<String, String> sets = new LinkedHashMap<>();
        for (Map.Entry<String, String> option : options) {
            String value = option.getValue();
            switch (option.getKey()) {
                case "--bootstrap-server" -> bootstrap = value;
                case "--mqtt-port" -> mqttPort = optionalListenerPort("--mqtt-port", value);
                case "--http-port" -> httpPort = optionalListenerPort("--http-port", value);
                case "--host" -> host = value;
                case "--config" -> configFile = Path.of(value);
                default -> put(sets, value); // --set
            }
        }
        return new Gateway(bootstrap, mqttPort, httpPort, host, configFile, sets);
    }

    /**
     * The options of a command, {@code --name value} or {@code --name=value}, as (name, value) in the order given;
     * null when {@code --help} or {@code -h} is among them.
     *
     * @throws UsageException a name not in {@code known} (the message: {@code unknown} formatted with the name), or
     *                        a name last with no value
     */
    private static List<Map.Entry<String, String>> options(List<String> args, java.util.Set<String> known,
                                                           String unknown) throws UsageException {
        List<Map.Entry<String, String>> options = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                return null;
            }
            int eq = arg.indexOf('=');
            String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
            if (!known.contains(name)) {
                throw new UsageException(unknown.formatted(name));
            }
            if (name.equals(arg)) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("Missing value for " + name);
                }
                options.add(Map.entry(name, args.get(++i)));
            } else {
                options.add(Map.entry(name, arg.substring(eq + 1)));
            }
        }
        return options;
    }

    private static Integer port(String value) throws UsageException {
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--port takes a number, not '" + value + "'");
        }
    }

    /** A port for a listener that may be off: 0-65535, or -1 for none. */
    private static Integer optionalListenerPort(String flag, String value) throws UsageException {
        try {
            int port = Integer.parseInt(value);
            if (port >= -1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new UsageException(flag + " takes a port number, 0 for a free one or -1 for none, not '" + value
            + "'");
    }

    private static void put(Map<String, String> sets, String pair) throws UsageException {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            throw new UsageException("--set takes KEY=VALUE, not '" + pair + "'");
        }
        sets.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
}
