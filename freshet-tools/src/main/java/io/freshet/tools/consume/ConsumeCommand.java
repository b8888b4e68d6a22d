package io.freshet.tools.consume;

import io.freshet.tools.cli.AdminConnection;
import io.freshet.tools.cli.ClientProperties;
import io.freshet.tools.cli.CommandErrors;
import io.freshet.tools.cli.CommandFailedException;
import io.freshet.tools.cli.ToolCommand;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code freshet consume TOPIC}: prints records as kcat does until Ctrl-C, {@code -n} or {@code -e}. Ctrl-C
 * ({@link CtrlC}) stops the loop, which commits (with a group) and closes; exit 0. Any other shutdown (SIGTERM)
 * runs our shutdown hook, which does the same and waits up to 5 s for it, so that a group resumes after the last
 * record printed either way.
 */
public final class ConsumeCommand implements ToolCommand {

    public static final ConsumeCommand TOOL = new ConsumeCommand();

    private ConsumeCommand() {
    }

    @Override
    public String name() {
        return "consume";
    }

    @Override
    public String summary() {
        return "print a topic's records (kcat-style -o/-n/-e/-f, --format json, --group) and follow new ones";
    }

    @Override
    public int run(List<String> args, InputStream in, PrintWriter out, PrintWriter err, boolean interactive) {
        return CommandErrors.run(name(), out, err, () -> {
            ConsumeRequest request = ConsumeCommandLine.parse(args);
            if (request == null) {
                out.println(ConsumeCommandLine.USAGE);
                return EXIT_OK;
            }
            consume(request, out);
            return EXIT_OK;
        });
    }

    private static void consume(ConsumeRequest request, PrintWriter out) {
        List<TopicPartition> partitions = partitions(request);
        CountDownLatch closed = new CountDownLatch(1);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                ClientProperties.only(request.consumerConfig(), ConsumerConfig.configNames()))) {
            ConsumeLoop loop = new ConsumeLoop(request, consumer, partitions, out);
            Thread hook = new Thread(() -> {
                loop.stop();
                awaitQuietly(closed);
            }, "freshet-consume-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try (CtrlC ctrlC = CtrlC.install(loop::stop)) {
                loop.run();
            } finally {
                removeQuietly(hook);
            }
        } finally {
            closed.countDown();
        }
    }

    /** The partitions to read; fails if the topic or the partition does not exist. */
    private static List<TopicPartition> partitions(ConsumeRequest request) {
        String topic = request.topic();
        TopicDescription description;
        try (AdminConnection admin = AdminConnection.connect(request.consumerConfig())) {
            description = admin.describeTopic(topic).orElseThrow(() ->
                    new CommandFailedException("Topic '" + topic + "' does not exist"));
        }
        int count = description.partitions().size();
        if (request.partition().isPresent()) {
            int partition = request.partition().get();
            if (partition >= count) {
                throw new CommandFailedException("Topic '" + topic + "' has " + count + " partition"
                        + (count == 1 ? "" : "s") + ": no partition " + partition);
            }
            return List.of(new TopicPartition(topic, partition));
        }
        return description.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running and waits for us
        }
    }
}
