package io.freshet.bench.rebalance;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.LoggerFactory;

/**
 * Consumer A of the die case, in a JVM of its own so that it can be killed with SIGKILL: subscribes, polls, and
 * prints {@code assignment P,P,...} whenever its assignment changes. It exits on its own when its standard input
 * closes (the harness is gone) or after {@link #MAX_LIFETIME}, so a lost member never outlives the harness long.
 *
 * <pre>GroupMember BOOTSTRAP TOPIC GROUP_ID classic|consumer</pre>
 */
public final class GroupMember {

    public static final String PREFIX = "assignment ";
    private static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

    private GroupMember() {
    }

    public static void main(String[] args) {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.ERROR);
        if (args.length != 4) {
            System.err.println("usage: GroupMember BOOTSTRAP TOPIC GROUP_ID classic|consumer");
            System.exit(2);
        }
        String topic = args[1];
        Protocol protocol = Protocol.of(args[3]);
        exitWhenStdinCloses();
        long deadline = System.nanoTime() + MAX_LIFETIME.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                 new KafkaConsumer<>(protocol.consumerConfig(args[0], args[2], "die-member-a"))) {
            consumer.subscribe(List.of(topic));
            String printed = null;
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(10));
                Set<Integer> owned = Ownership.partitionsOf(consumer.assignment(), topic);
                String now = Ownership.format(owned);
                if (!now.equals(printed)) {
                    System.out.println(PREFIX + now);
                    System.out.flush();
                    printed = now;
                }
            }
        }
    }

    private static void exitWhenStdinCloses() {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    TimeUnit.MILLISECONDS.sleep(1);
                }
            } catch (IOException | InterruptedException e) {
                // fall through: treat as closed
            }
            Runtime.getRuntime().halt(0);
        }, "stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }
}
