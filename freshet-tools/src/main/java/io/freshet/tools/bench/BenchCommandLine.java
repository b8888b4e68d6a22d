package io.freshet.tools.bench;

import io.freshet.tools.cli.ClientProperties;
import io.freshet.tools.cli.OptionParser;
import io.freshet.tools.cli.ParsedOptions;
import io.freshet.tools.cli.UsageException;

import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Parses {@code freshet bench produce|consume TOPIC [options]}; null means: print the help. */
final class BenchCommandLine {

    /** Kafka's default max.request.size is 1 MiB; larger records need -X max.request.size and a broker that agrees. */
    static final long MAX_SIZE = 64L * 1024 * 1024;
    static final long MAX_KEYS = 10_000_000;

    static final String USAGE = String.join("\n",
            "Usage: freshet bench produce TOPIC [-n RECORDS] [-s SIZE] [--rate R] [--acks all|1|0] [-z TYPE]",
            "                                    [--keys K] [--partitions N] [--json]",
            "       freshet bench consume TOPIC [-n RECORDS] [--json]",
            "",
            "produce sends RECORDS records of SIZE bytes (creating the topic if it is missing) and measures each",
            "one's latency from send to acknowledgement; consume reads the topic from the beginning with an",
            "assigned consumer (no group). On a terminal a line shows progress every second; at the end a table",
            "(or one JSON object with --json) on stdout: records, records/s, MB/s (2^20 bytes, as Kafka's perf",
            "tools count) and, for produce, latency avg/p50/p95/p99/p99.9/max in ms.",
            "",
            "  -n, --records N                   records to send (default 1000000) or to read (default: all there are)",
            "  -s, --size BYTES                  value size (default 1024)",
            "      --rate R                      records per second at most (default: as fast as possible)",
            "      --acks all|1|0                (default all)",
            "  -z, --compression T               none, gzip, snappy, lz4 or zstd (default none)",
            "      --keys K                      cycle through K distinct keys (default: no key)",
            "      --partitions N                partitions of the topic if bench creates it (default: the broker's)",
            "      --json                        the summary as one JSON object",
            ClientProperties.USAGE,
            "",
            "Exit codes: 0 done, 1 a record failed (or no broker), 2 bad arguments.");

    private static final OptionParser PRODUCE = OptionParser.forClient(USAGE)
            .value("--records", "-n").value("--size", "-s").value("--rate").value("--acks")
            .value("--compression", "-z").value("--keys").value("--partitions").flag("--json");
    private static final OptionParser CONSUME = OptionParser.forClient(USAGE)
            .value("--records", "-n").flag("--json");

    private BenchCommandLine() {
    }

    static BenchRequest parse(List<String> args) throws UsageException {
        if (args.isEmpty()) {
            throw new UsageException("Missing produce or consume", USAGE);
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "produce" -> produce(PRODUCE.parse(rest));
            case "consume" -> consume(CONSUME.parse(rest));
            case "--help", "-h", "help" -> null;
            default -> throw new UsageException("Unknown bench '" + args.get(0) + "': produce or consume", USAGE);
        };
    }

    private static BenchRequest produce(ParsedOptions options) throws UsageException {
        if (options.help()) {
            return null;
        }
        String topic = options.single("TOPIC");
        Properties defaults = new Properties();
        defaults.put(ProducerConfig.CLIENT_ID_CONFIG, "freshet-bench");
        defaults.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        defaults.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        defaults.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        Properties config = ClientProperties.producer(options, defaults);
        long size = options.number("--size", 0).orElse(1024L);
        if (size > MAX_SIZE) {
            throw options.usageError("--size takes at most " + MAX_SIZE + " bytes, not " + size);
        }
        long keys = options.number("--keys", 0).orElse(0L);
        if (keys > MAX_KEYS) {
            throw options.usageError("--keys takes at most " + MAX_KEYS + ", not " + keys);
        }
        return new BenchRequest.Produce(config, topic,
                options.number("--records", 1).orElse(1_000_000L),
                (int) size,
                options.number("--rate", 0).orElse(0L),
                (int) keys,
                options.number("--partitions", 1).map(Long::intValue),
                options.has("--json"));
    }

    private static BenchRequest consume(ParsedOptions options) throws UsageException {
        if (options.help()) {
            return null;
        }
        String topic = options.single("TOPIC");
        Properties defaults = new Properties();
        defaults.put(ConsumerConfig.CLIENT_ID_CONFIG, "freshet-bench");
        defaults.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        Properties config = ClientProperties.consumer(options, defaults);
        return new BenchRequest.Consume(config, topic, options.number("--records", 1), options.has("--json"));
    }
}
