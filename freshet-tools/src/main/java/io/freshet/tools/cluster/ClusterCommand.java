package io.freshet.tools.cluster;

import io.freshet.tools.cli.AdminConnection;
import io.freshet.tools.cli.ClientProperties;
import io.freshet.tools.cli.CommandErrors;
import io.freshet.tools.cli.OptionParser;
import io.freshet.tools.cli.ParsedOptions;
import io.freshet.tools.cli.ToolCommand;
import io.freshet.tools.cli.UsageException;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Properties;

/**
 * {@code freshet cluster info}: the cluster id, controller, brokers, release, listeners, finalized features and log
 * directories, through the Admin client (so it answers for a Kafka cluster too, with what Kafka reports).
 */
public final class ClusterCommand implements ToolCommand {

    /** {@code freshet cluster}, as {@link io.freshet.tools.Tools} lists it. */
    public static final ClusterCommand TOOL = new ClusterCommand();

    static final String USAGE = String.join("\n",
            "Usage: freshet cluster info [-b HOST:PORT] [--command-config FILE]",
            "",
            "The cluster as its brokers describe it, in sections: CLUSTER (id, controller, version: a Freshet broker",
            "reports freshet.version, Kafka reports none), BROKERS (ID HOST PORT RACK), LISTENERS (Kafka from the",
            "metadata; MQTT and HTTP where the broker reports mqtt.listeners / http.listeners), FEATURES (NAME",
            "FINALIZED SUPPORTED) and LOG-DIRS (BROKER DIR PARTITIONS SIZE TOTAL USABLE, bytes; '-' where not served).",
            "",
            ClientProperties.USAGE,
            "",
            "Exit codes: 0 done, 1 failed, 2 bad arguments.");

    private static final OptionParser INFO = OptionParser.forClient(USAGE);

    private ClusterCommand() {
    }

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public String summary() {
        return "info: cluster id, controller, brokers, version, listeners, features, log dirs";
    }

    @Override
    public int run(List<String> args, InputStream in, PrintWriter out, PrintWriter err, boolean interactive) {
        return CommandErrors.run(name(), out, err, () -> {
            if (args.isEmpty()) {
                throw new UsageException("Missing command: info", USAGE);
            }
            if (List.of("help", "--help", "-h").contains(args.get(0))) {
                out.println(USAGE);
                return EXIT_OK;
            }
            if (!args.get(0).equals("info")) {
                throw new UsageException("Unknown command: " + args.get(0), USAGE);
            }
            ParsedOptions parsed = INFO.parse(args.subList(1, args.size()));
            if (parsed.help()) {
                out.println(USAGE);
                return EXIT_OK;
            }
            if (!parsed.positionals().isEmpty()) {
                throw parsed.usageError("Unexpected argument: " + parsed.positionals().get(0));
            }
            Properties clientConfig = ClientProperties.from(parsed, new Properties());
            try (AdminConnection broker = AdminConnection.connect(clientConfig, "freshet-cluster")) {
                ClusterInfo.read(broker).print(out);
                return EXIT_OK;
            }
        });
    }
}
