package io.freshet.it;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;

import io.freshet.parallel.OrderedParallelConsumer;

import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * An {@link OrderedParallelConsumer} in a JVM of its own, to be killed with SIGKILL. Its handler appends
 * "P partition offset key value" to a file and flushes before it returns, so a record the library may count as done
 * (and commit) is in the file even after a kill. Runs until killed.
 *
 * <p>Arguments: bootstrap, group, topic, protocol (classic|consumer), member name, output file, work ms per record.
 */
public final class ParallelConsumerMain {

    private ParallelConsumerMain() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String group = args[1];
        String topic = args[2];
        GroupProtocol protocol = GroupProtocol.of(args[3]);
        String name = args[4];
        Path file = Path.of(args[5]);
        long workMs = Long.parseLong(args[6]);
        Map<String, Object> props = GroupBrokers.consumerConfig(bootstrap, group, protocol, name);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            OrderedParallelConsumer<String, String> consumer = OrderedParallelConsumer
                    .builder(props, new StringDeserializer(), new StringDeserializer())
                    .topics(topic)
                    .concurrency(8)
                    .maxBuffered(1_000)
                    .commitInterval(Duration.ofMillis(200))
                    .handler(record -> {
                        Thread.sleep(workMs);
                        synchronized (out) {
                            out.write("P " + record.partition() + " " + record.offset() + " " + record.key() + " "
                                    + record.value());
                            out.newLine();
                            out.flush();
                        }
                    })
                    .build().start();
            System.out.println("started " + name);
            while (consumer.isRunning()) {
                Thread.sleep(100);
            }
            System.out.println("stopped: " + consumer.failure());
        }
    }
}
