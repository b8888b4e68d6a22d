package io.freshet.tools.bench;

import io.freshet.tools.cli.AdminConnection;
import io.freshet.tools.cli.CommandErrors;
import io.freshet.tools.cli.CommandFailedException;
import io.freshet.tools.cli.ProgressLine;
import io.freshet.tools.cli.ToolCommand;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code freshet bench produce|consume TOPIC}: a load generator that sizes a machine in one command. Progress on
 * {@code err} once a second on a terminal; the summary on {@code out}.
 */
public final class BenchCommand implements ToolCommand {

    public static final BenchCommand TOOL = new BenchCommand(System::nanoTime);

    private static final long PROGRESS_INTERVAL = TimeUnit.SECONDS.toNanos(1);

    private final LongSupplier nanoClock;

    BenchCommand(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "measure produce (records/s, MB/s, latency percentiles) or consume throughput";
    }

    @Override
    public int run(List<String> args, InputStream in, PrintWriter out, PrintWriter err, boolean interactive) {
        return CommandErrors.run(name(), out, err, () -> {
            BenchRequest request = BenchCommandLine.parse(args);
            if (request == null) {
                out.println(BenchCommandLine.USAGE);
                return EXIT_OK;
            }
            ProgressLine progress = ProgressLine.every(err, interactive, nanoClock, PROGRESS_INTERVAL);
            if (request instanceof BenchRequest.Produce produce) {
                return produce(produce, progress, out, err);
            }
            BenchRequest.Consume consume = (BenchRequest.Consume) request;
            BenchResult result = new ConsumeBenchmark(consume, partitions(consume), progress, nanoClock).run();
            print(result, request.json(), out);
            return EXIT_OK;
        });
    }

    private int produce(BenchRequest.Produce request, ProgressLine progress, PrintWriter out, PrintWriter err) {
        createIfMissing(request, err);
        ProduceBenchmark benchmark = new ProduceBenchmark(request, progress, nanoClock);
        BenchResult result = benchmark.run();
        print(result, request.json(), out);
        if (result.failed() > 0) {
            err.println("freshet bench: " + result.failed() + " records failed (stopped at the first): "
                    + CommandErrors.explain(benchmark.firstError()));
            return EXIT_FAILED;
        }
        return EXIT_OK;
    }

    private static void print(BenchResult result, boolean json, PrintWriter out) {
        if (json) {
            result.printJson(out);
        } else {
            result.printTable(out);
        }
    }

    private static void createIfMissing(BenchRequest.Produce request, PrintWriter err) {
        try (AdminConnection admin = AdminConnection.connect(request.producerConfig())) {
            if (admin.describeTopic(request.topic()).isPresent()) {
                return;
            }
            if (admin.createTopic(request.topic(), request.partitions())) {
                int partitions = admin.describeTopic(request.topic()).map(t -> t.partitions().size()).orElse(0);
                err.println("freshet bench: created topic '" + request.topic() + "' (" + partitions + " partition"
                        + (partitions == 1 ? "" : "s") + ")");
            }
        }
    }

    private static List<TopicPartition> partitions(BenchRequest.Consume request) {
        try (AdminConnection admin = AdminConnection.connect(request.consumerConfig())) {
            Optional<TopicDescription> topic = admin.describeTopic(request.topic());
            return topic.orElseThrow(() -> new CommandFailedException("Topic '" + request.topic()
                    + "' does not exist")).partitions().stream()
                    .map(p -> new TopicPartition(request.topic(), p.partition())).toList();
        }
    }
}
