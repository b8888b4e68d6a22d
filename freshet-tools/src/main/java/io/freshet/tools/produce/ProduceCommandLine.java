package io.freshet.tools.produce;

import io.freshet.tools.cli.ClientProperties;
import io.freshet.tools.cli.OptionParser;
import io.freshet.tools.cli.ParsedOptions;
import io.freshet.tools.cli.UsageException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/** Parses {@code freshet produce TOPIC [options]} into a {@link ProduceRequest}; null means: print the help. */
final class ProduceCommandLine {

    static final String USAGE = String.join("\n",
            "Usage: freshet produce TOPIC [options]",
            "",
            "Sends each line of standard input (or of FILE) as one record, then waits until the broker has",
            "acknowledged every one. On a terminal a progress line shows the rate once the input is large; at the",
            "end one line on stderr: produced N records (B bytes) to TOPIC in T s.",
            "",
            "  -f, --file FILE                   read the lines from FILE instead of standard input",
            "  -k, --key-separator SEP           the text before the first SEP is the key, the rest the value",
            "                                    (a line without SEP: null key, the line is the value)",
            "  -H, --header KEY=VALUE            a header on every record; repeatable",
            "  -p, --partition N                 every record to partition N (default: the producer's partitioner)",
            "      --acks all|1|0                acknowledgement to wait for (default all)",
            "  -z, --compression TYPE            none, gzip, snappy, lz4 or zstd (default none)",
            "      --linger-ms MS                how long a batch waits to fill (default 10)",
            "      --batch-size BYTES            the size of a batch per partition (default 262144)",
            ClientProperties.USAGE,
            "",
            "Exit codes: 0 every record acknowledged, 1 a record failed (or no broker, unknown topic), 2 bad",
            "arguments.");

    static final OptionParser OPTIONS = OptionParser.forClient(USAGE)
            .value("--file", "-f")
            .value("--key-separator", "-k")
            .value("--header", "-H")
            .value("--partition", "-p")
            .value("--acks")
            .value("--compression", "-z")
            .value("--linger-ms")
            .value("--batch-size");

    private ProduceCommandLine() {
    }

    static ProduceRequest parse(List<String> args) throws UsageException {
        ParsedOptions options = OPTIONS.parse(args);
        if (options.help()) {
            return null;
        }
        String topic = options.single("TOPIC");
        Optional<String> separator = options.optional("--key-separator");
        if (separator.isPresent() && separator.get().isEmpty()) {
            throw options.usageError("--key-separator must not be empty");
        }
        List<Header> headers = new ArrayList<>();
        for (String header : options.all("--header")) {
            int eq = header.indexOf('=');
            if (eq <= 0) {
                throw options.usageError("--header takes KEY=VALUE, not '" + header + "'");
            }
            headers.add(new RecordHeader(header.substring(0, eq),
                    header.substring(eq + 1).getBytes(StandardCharsets.UTF_8)));
        }
        Optional<Integer> partition = options.number("--partition", 0).map(Long::intValue);
        return new ProduceRequest(producerConfig(options), topic, options.optional("--file").map(Path::of),
                separator, List.copyOf(headers), partition);
    }

    private static Properties producerConfig(ParsedOptions options) throws UsageException {
        Properties defaults = new Properties();
        defaults.put(ProducerConfig.CLIENT_ID_CONFIG, "freshet-produce");
        defaults.put(ProducerConfig.LINGER_MS_CONFIG, options.number("--linger-ms", 0).orElse(10L).toString());
        defaults.put(ProducerConfig.BATCH_SIZE_CONFIG,
                options.number("--batch-size", 1).orElse(256L * 1024).toString());
        // Bounded waits: an unreachable broker or a missing topic is an error in seconds, not minutes.
        defaults.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        defaults.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        defaults.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        return ClientProperties.producer(options, defaults);
    }
}
