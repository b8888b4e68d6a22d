package io.freshet.bench.rebalance;

import io.freshet.bench.launch.BrokerLauncher;
import io.freshet.bench.launch.RunningBroker;
import io.freshet.bench.launch.Target;
import io.freshet.bench.workload.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * One broker's part of one round: start it fresh, warm up one group of each protocol (unmeasured), then for
 * each protocol the first join and join, the leave and, if asked, the die case; stop the broker. A failed case
 * is recorded and the next one runs.
 */
public final class GroupRound {

    private final int round;
    private final BrokerLauncher launcher;
    private final boolean withDie;
    private final double load;
    private final Path logDir;
    private final List<Sample> samples;
    private final List<String> failures;

    public GroupRound(int round, BrokerLauncher launcher, boolean withDie, double load, Path logDir,
                      List<Sample> samples, List<String> failures) {
        this.round = round;
        this.launcher = launcher;
        this.withDie = withDie;
        this.load = load;
        this.logDir = logDir;
        this.samples = samples;
        this.failures = failures;
    }

    public void run() {
        Target target = launcher.target();
        String name = target.label().toLowerCase().replace(' ', '-');
        System.out.printf("rebalance: round %d, %s (load %.2f)%n", round, target.label(), load);
        try (RunningBroker broker = launcher.start(round)) {
            warmUp(broker.bootstrapServers(), name);
            for (Protocol protocol : Protocol.values()) {
                GroupCases cases = new GroupCases(broker.bootstrapServers(), protocol, "rb-r" + round, logDir);
                attempt(protocol, "first join and join", () -> {
                    for (Map.Entry<RebalanceCase, Double> e : cases.firstJoinAndJoin().entrySet()) {
                        record(target, protocol, e.getKey(), e.getValue());
                    }
                });
                attempt(protocol, "leave", () -> record(target, protocol, RebalanceCase.LEAVE, cases.leave()));
                if (withDie) {
                    attempt(protocol, "die", () -> record(target, protocol, RebalanceCase.DIE, cases.die(round, name)));
                }
            }
        } catch (Exception e) {
            failures.add("round " + round + ", " + target.label() + ": the broker did not start or stop: " + e.getMessage());
        }
    }

    /** One consumer of each protocol joins a group of its own and leaves: first-use costs fall outside the cases. */
    private void warmUp(String bootstrap, String name) throws Exception {
        for (Protocol protocol : Protocol.values()) {
            String topic = "rb-warmup-" + protocol.label();
            Topics.create(bootstrap, topic, GroupCases.PARTITIONS);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                    protocol.consumerConfig(bootstrap, topic + "-group", name + "-warmup"))) {
                consumer.subscribe(List.of(topic));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(GroupCases.POLL);
                }
            }
        }
    }

    private void record(Target target, Protocol protocol, RebalanceCase c, double millis) {
        samples.add(new Sample(round, target, protocol, c, millis, load));
        System.out.printf("rebalance:   %s %s %s: %.0f ms%n", target.label(), protocol.label(), c.label(), millis);
    }

    private void attempt(Protocol protocol, String what, Case body) {
        try {
            body.run();
        } catch (Exception e) {
            String message = "round " + round + ", " + launcher.target().label() + ", " + protocol.label() + ", "
                + what + ": " + e;
            failures.add(message);
            System.out.println("rebalance:   FAILED " + message);
        }
    }

    @FunctionalInterface
    private interface Case {
        void run() throws Exception;
    }
}
