package io.freshet.tools.clients;

import io.freshet.tools.cli.ToolCommand;
import io.freshet.tools.cli.UsageException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The client settings every command shares, in the order they override each other: the command's own defaults,
 * then {@code --command-config FILE} (client properties, as Kafka's tools read them), then each
 * {@code -X key=value}, then {@code --bootstrap-server} (default {@value ToolCommand#DEFAULT_BOOTSTRAP}).
 */
public final class ClientProperties {

    public static final String BOOTSTRAP = "--bootstrap-server";
    public static final String COMMAND_CONFIG = "--command-config";
    public static final String PROPERTY = "--property";

    /** The usage lines for the options above. */
    public static final String USAGE = String.join("\n",
            "  -b, --bootstrap-server HOST:PORT  the broker (default " + ToolCommand.DEFAULT_BOOTSTRAP + ")",
            "      --command-config FILE         client properties (security, timeouts, ...)",
            "  -X, --property KEY=VALUE          one client property; repeatable, wins over the file");

    private ClientProperties() {
    }

    /** {@code defaults} overridden by what the command line gives. */
    public static Properties from(ParsedOptions options, Properties defaults) throws UsageException {
        Properties config = new Properties();
        config.putAll(defaults);
        for (String file : options.all(COMMAND_CONFIG)) {
            try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                config.load(reader);
            } catch (IOException e) {
                throw options.usageError("Cannot read " + COMMAND_CONFIG + " " + file + ": " + e.getMessage());
            }
        }
        for (String property : options.all(PROPERTY)) {
            int eq = property.indexOf('=');
            if (eq <= 0) {
                throw options.usageError("-X takes KEY=VALUE, not '" + property + "'");
            }
            config.put(property.substring(0, eq).trim(), property.substring(eq + 1));
        }
        String servers = options.get(BOOTSTRAP, config.getProperty("bootstrap.servers",
                ToolCommand.DEFAULT_BOOTSTRAP));
        for (String server : servers.split(",")) {
            if (!isHostAndPort(server.trim())) {
                throw options.usageError(BOOTSTRAP + " takes HOST:PORT, not '" + servers + "'");
            }
        }
        config.put("bootstrap.servers", servers);
        return config;
    }

    /** Only the keys a client knows (so the client does not warn about the others' settings). */
    public static Properties only(Properties config, java.util.Set<String> names) {
        Properties known = new Properties();
        config.forEach((key, value) -> {
            if (names.contains(key.toString())) {
                known.put(key, value);
            }
        });
        return known;
    }

    private static boolean isHostAndPort(String server) {
        int colon = server.lastIndexOf(':');
        if (colon <= 0) {
            return false;
        }
        String port = server.substring(colon + 1);
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int number = Integer.parseInt(port);
        return number > 0 && number <= 65535;
    }
}
