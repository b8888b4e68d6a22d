package io.freshet.bench.share;

import io.freshet.bench.launch.BrokerLauncher;
import io.freshet.bench.launch.RunningBroker;
import io.freshet.bench.launch.Target;
import io.freshet.bench.proc.ProcCpu;
import io.freshet.bench.report.Measurement;
import io.freshet.bench.rounds.RoundRecorder;
import io.freshet.bench.report.Metric;
import io.freshet.bench.workload.Topics;
import java.time.Duration;
import java.util.List;

/**
 * One round against one broker: start it, warm up (unreported), fill a 1-partition and an 8-partition topic, and
 * drain each with a fresh group of 4 and of 16 members; stop the broker (always). A failed case is recorded and the
 * next one runs; a broker that does not start fails its whole round.
 */
public final class ShareRound {

    private static final Duration CASE_TIMEOUT = Duration.ofMinutes(3);
    private static final int WARM_UP_RECORDS = 50_000;

    private final ShareOptions options;
    private final int round;
    private final Target target;
    private final RoundRecorder recorder;

    public ShareRound(ShareOptions options, int round, Target target, List<Measurement> measurements,
                      List<String> failures) {
        this.options = options;
        this.round = round;
        this.target = target;
        this.recorder = new RoundRecorder("share", round, target, measurements, failures);
    }

    public void run(BrokerLauncher launcher) {
        recorder.log("starting");
        try (RunningBroker broker = launcher.start(round)) {
            String bootstrap = broker.bootstrapServers();
            recorder.log(String.format("pid %d answered %.3f s after launch", broker.pid(), broker.startupSeconds()));
            String warmUp = "share-r" + round + "-warmup";
            Topics.create(bootstrap, warmUp, 8);
            TopicFiller.fill(bootstrap, warmUp, 8, WARM_UP_RECORDS);
            ShareConsume.run(bootstrap, warmUp, 8, WARM_UP_RECORDS, warmUp + "-group", 4, CASE_TIMEOUT);
            recorder.log("warmed up");
            for (int partitions : ShareOptions.PARTITIONS) {
                String topic = "share-r" + round + "-" + partitions + "p";
                Topics.create(bootstrap, topic, partitions);
                TopicFiller.fill(bootstrap, topic, partitions, options.records());
                for (int members : ShareOptions.MEMBERS) {
                    recorder.attempt(ShareOptions.caseName(members, partitions),
                        () -> drain(broker, topic, partitions, members));
                }
            }
        } catch (Exception e) {
            recorder.fail("round " + round, e);
        }
    }

    private void drain(RunningBroker broker, String topic, int partitions, int members) throws Exception {
        String name = ShareOptions.caseName(members, partitions);
        double cpu = ProcCpu.seconds(broker.pid());
        ShareConsume.Result result = ShareConsume.run(broker.bootstrapServers(), topic, partitions,
            options.records(), topic + "-" + members + "m", members, CASE_TIMEOUT);
        double cpuUsed = ProcCpu.seconds(broker.pid()) - cpu;
        recorder.add(name, Metric.RECORDS_PER_S, result.recordsPerSecond());
        recorder.add(name, Metric.BROKER_CPU_PER_M, cpuUsed / result.records() * 1e6);
        recorder.add(name, Metric.GROUP_JOIN_S, result.joinSeconds());
        recorder.log(String.format("%s: %,.0f records/s (%,d records in %.2f s after %.2f s to the first; %,d delivered"
                + " again, %,d of them before the last new record), broker CPU %.2f s", name,
            result.recordsPerSecond(), result.records(), result.seconds(), result.joinSeconds(),
            result.deliveries() - result.records(), result.againBeforeLast(), cpuUsed));
    }
}
