package io.freshet.tools.cluster;

import io.freshet.tools.cli.AdminConnection;
import io.freshet.tools.cli.CommandArguments;
import io.freshet.tools.cli.CommandFailedException;
import io.freshet.tools.cli.ToolCommand;
import io.freshet.tools.cli.UsageException;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.KafkaException;

/**
 * {@code freshet cluster info}: the cluster id, controller, brokers, release, listeners, finalized features and log
 * directories, through the Admin client (so it answers for a Kafka cluster too, with what Kafka reports).
 */
public final class ClusterCommand implements ToolCommand {

    /** {@code freshet cluster}, as {@link io.freshet.tools.Tools} lists it. */
    public static final ClusterCommand TOOL = new ClusterCommand();

    static final String PREFIX = "freshet cluster: ";

    static final String USAGE = String.join("\n",
            "Usage: freshet cluster info [-b HOST:PORT] [--command-config FILE]",
            "",
            "The cluster as its brokers describe it, in sections: CLUSTER (id, controller, version: a Freshet broker",
            "reports freshet.version, Kafka reports none), BROKERS (ID HOST PORT RACK), LISTENERS (Kafka from the",
            "metadata; MQTT and HTTP where the broker reports mqtt.listeners / http.listeners), FEATURES (NAME",
            "FINALIZED SUPPORTED) and LOG-DIRS (BROKER DIR PARTITIONS SIZE TOTAL USABLE, bytes; '-' where not served).",
            "",
            "  -b, --bootstrap-server HOST:PORT   the broker (default " + DEFAULT_BOOTSTRAP + ")",
            "      --command-config FILE          client properties (security and the like), as Kafka's tools",
            "",
            "Exit codes: 0 done, 1 failed, 2 bad arguments.");

    private static final CommandArguments.Spec INFO = new CommandArguments.Spec(Set.of(), Set.of(), Map.of());

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
        try {
            return execute(args, out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int execute(List<String> args, PrintWriter out, PrintWriter err) {
        String bootstrap;
        java.util.Properties commandConfig;
        try {
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
            CommandArguments parsed = CommandArguments.read(args.subList(1, args.size()), USAGE, INFO);
            if (parsed.help()) {
                out.println(USAGE);
                return EXIT_OK;
            }
            parsed.noPositionals();
            bootstrap = parsed.bootstrap();
            commandConfig = parsed.commandConfig();
        } catch (UsageException e) {
            err.println(PREFIX + e.getMessage());
            err.println(e.usage());
            return EXIT_USAGE;
        }
        try (AdminConnection broker = AdminConnection.connect(bootstrap, commandConfig, "freshet-cluster")) {
            ClusterInfo.read(broker).print(out);
            return EXIT_OK;
        } catch (CommandFailedException e) {
            err.println(PREFIX + e.getMessage());
            return EXIT_FAILED;
        } catch (KafkaException e) {
            err.println(PREFIX + AdminConnection.explain(e));
            return EXIT_FAILED;
        }
    }
}
