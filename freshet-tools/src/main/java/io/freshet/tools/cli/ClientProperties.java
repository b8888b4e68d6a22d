package io.freshet.tools.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

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

    private static final Set<String> ACKS = Set.of("all", "-1", "1", "0");
    private static final Set<String> COMPRESSIONS = Set.of("none", "gzip", "snappy", "lz4", "zstd");

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

    /**
     * A byte-array producer's settings (produce, bench produce): {@link #from} over {@code defaults}, then
     * {@code --acks} (all, 1 or 0; default all) and {@code --compression} (default none), checked here.
     */
    public static Properties producer(ParsedOptions options, Properties defaults) throws UsageException {
        String acks = options.get("--acks", "all");
        if (!ACKS.contains(acks)) {
            throw options.usageError("--acks takes all, 1 or 0, not '" + acks + "'");
        }
        String compression = options.get("--compression", "none");
        if (!COMPRESSIONS.contains(compression)) {
            throw options.usageError("Unknown compression '" + compression + "': one of none, gzip, snappy, lz4, "
                    + "zstd");
        }
        Properties config = from(options, defaults);
        config.put(ProducerConfig.ACKS_CONFIG, acks);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        if (!acks.equals("all") && !acks.equals("-1")) {
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false"); // idempotence needs acks=all
        }
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return config;
    }

    /**
     * A byte-array consumer's settings (consume, bench consume): {@link #from} over {@code defaults}; it commits
     * only what the command says (no auto-commit) and never creates a topic by asking for it.
     */
    public static Properties consumer(ParsedOptions options, Properties defaults) throws UsageException {
        Properties config = from(options, defaults);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return config;
    }

    /** Only the keys a client knows (so the client does not warn about the others' settings). */
    public static Properties only(Properties config, Set<String> names) {
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
