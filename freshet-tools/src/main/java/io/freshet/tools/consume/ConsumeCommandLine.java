package io.freshet.tools.consume;

import io.freshet.tools.cli.ClientProperties;
import io.freshet.tools.cli.OptionParser;
import io.freshet.tools.cli.ParsedOptions;
import io.freshet.tools.cli.UsageException;

import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;

/** Parses {@code freshet consume TOPIC [options]} into a {@link ConsumeRequest}; null means: print the help. */
final class ConsumeCommandLine {

    static final String USAGE = String.join("\n",
            "Usage: freshet consume TOPIC [options]",
            "",
            "Prints the topic's records, one value per line (as kcat), and follows new ones until Ctrl-C.",
            "",
            "  -o, --offset WHERE                beginning | end | OFFSET | -N (N before the end of each",
            "                                    partition) | @TIMESTAMP_MS (the first record at or after it).",
            "                                    Default: end; with --group, the group's committed offset",
            "                                    (WHERE only for partitions without one)",
            "  -p, --partition N                 only partition N",
            "  -n, --num COUNT                   stop after COUNT records",
            "  -e, --exit                        stop at the end of the partitions instead of following",
            "  -g, --group GROUP                 consume as this group, committing the offsets of what was printed",
            "  -f, --format FORMAT               kcat format: %t topic, %p partition, %o offset, %k key, %s value,",
            "                                    %T timestamp ms, %h headers (k=v,...), %K %S key/value length",
            "                                    (-1: null), \\n \\t escapes; or 'json': one object per line",
            "                                    (topic, partition, offset, timestamp, key, value, headers).",
            "                                    Default '%s\\n'",
            "  -Z, --null-literal                print a null key or value as NULL (default: nothing)",
            ClientProperties.USAGE,
            "",
            "Exit codes: 0 done (Ctrl-C, -n or -e reached), 1 failed (no broker, unknown topic), 2 bad arguments.");

    static final OptionParser OPTIONS = OptionParser.forClient(USAGE)
            .value("--offset", "-o")
            .value("--partition", "-p")
            .value("--num", "-n")
            .flag("--exit", "-e")
            .value("--group", "-g")
            .value("--format", "-f")
            .flag("--null-literal", "-Z");

    private ConsumeCommandLine() {
    }

    static ConsumeRequest parse(List<String> args) throws UsageException {
        ParsedOptions options = OPTIONS.parse(args);
        if (options.help()) {
            return null;
        }
        String topic = options.single("TOPIC");
        Optional<String> group = options.optional("--group");
        Properties defaults = new Properties();
        defaults.put(ConsumerConfig.CLIENT_ID_CONFIG, "freshet-consume");
        defaults.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        defaults.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        Properties config = ClientProperties.consumer(options, defaults); // commits what was printed: ConsumeLoop
        group.ifPresent(g -> config.put(ConsumerConfig.GROUP_ID_CONFIG, g));
        return new ConsumeRequest(config, topic, start(options), options.number("--partition", 0)
                .map(Long::intValue), options.number("--num", 1), group, options.has("--exit"), format(options));
    }

    static StartOffset start(ParsedOptions options) throws UsageException {
        Optional<String> offset = options.optional("--offset");
        if (offset.isEmpty()) {
            return new StartOffset.End();
        }
        try {
            return StartOffset.parse(offset.get());
        } catch (NumberFormatException e) {
            throw options.usageError("--offset takes beginning, end, OFFSET, -N or @TIMESTAMP_MS, not '"
                    + offset.get() + "'");
        }
    }

    private static RecordFormat format(ParsedOptions options) throws UsageException {
        String format = options.get("--format", FormatString.VALUES);
        if (format.equals("json")) {
            return new JsonFormat();
        }
        try {
            return FormatString.parse(format, options.has("--null-literal"));
        } catch (IllegalArgumentException e) {
            throw options.usageError(e.getMessage());
        }
    }
}
