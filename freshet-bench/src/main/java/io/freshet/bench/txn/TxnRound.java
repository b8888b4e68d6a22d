package io.freshet.bench.txn;

import io.freshet.bench.launch.BrokerLauncher;
import io.freshet.bench.launch.RunningBroker;
import io.freshet.bench.launch.Target;
import io.freshet.bench.proc.ProcCpu;
import io.freshet.bench.report.Measurement;
import io.freshet.bench.rounds.RoundRecorder;
import io.freshet.bench.report.Metric;
import io.freshet.bench.workload.Throughput;
import io.freshet.bench.workload.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FinalizedVersionRange;

/**
 * One round against one broker: start it, warm up (unreported), run the four transactional produce cases and the
 * consume-transform-produce loop, each on fresh topics, stop it (always). A failed case is recorded and the next
 * one runs; a broker that does not start fails its whole round.
 */
public final class TxnRound {

    static final String LOOP_CASE = "consume-transform-produce 8p";
    private static final int WARM_UP_TRANSACTIONS = 100;

    private final TxnOptions options;
    private final int round;
    private final Target target;
    private final RoundRecorder recorder;
    private final Map<Target, String> transactionVersions;

    public TxnRound(TxnOptions options, int round, Target target, List<Measurement> measurements,
                    List<String> failures, Map<Target, String> transactionVersions) {
        this.options = options;
        this.round = round;
        this.target = target;
        this.recorder = new RoundRecorder("txn", round, target, measurements, failures);
        this.transactionVersions = transactionVersions;
    }

    public void run(BrokerLauncher launcher) {
        recorder.log("starting");
        try (RunningBroker broker = launcher.start(round)) {
            recorder.log(String.format("pid %d answered %.3f s after launch", broker.pid(), broker.startupSeconds()));
            transactionVersions.putIfAbsent(target, transactionVersion(broker.bootstrapServers()));
            warmUp(broker.bootstrapServers());
            for (TxnProduceCase txnCase : options.produceCases()) {
                recorder.attempt(txnCase.name(), () -> produce(broker, txnCase));
            }
            recorder.attempt(LOOP_CASE, () -> loop(broker));
        } catch (Exception e) {
            recorder.fail("round " + round, e);
        }
    }

    /**
     * Unreported: creates the transaction state and the group offsets topics where a broker has them, and lets
     * both JVMs compile the paths: 100 transactions of 100 records, then the loop over them.
     */
    private void warmUp(String bootstrap) throws Exception {
        String topic = "txn-r" + round + "-warmup";
        Topics.create(bootstrap, topic, TxnOptions.LOOP_PARTITIONS);
        Topics.create(bootstrap, topic + "-out", TxnOptions.LOOP_PARTITIONS);
        TxnProduceCase warmUp = new TxnProduceCase(TxnOptions.LOOP_PARTITIONS, 100, WARM_UP_TRANSACTIONS);
        TransactionalProduce.run(bootstrap, topic, warmUp, topic + "-producer");
        ConsumeTransformProduce.run(bootstrap, topic, topic + "-out", warmUp.records(), topic + "-group",
            topic + "-loop");
        TimeUnit.MILLISECONDS.sleep(200);
        recorder.log("warmed up");
    }

    private void produce(RunningBroker broker, TxnProduceCase txnCase) throws Exception {
        String topic = "txn-r" + round + "-" + txnCase.slug();
        Topics.create(broker.bootstrapServers(), topic, txnCase.partitions());
        double cpu = ProcCpu.seconds(broker.pid());
        Throughput result = TransactionalProduce.run(broker.bootstrapServers(), topic, txnCase, topic + "-producer");
        double cpuUsed = ProcCpu.seconds(broker.pid()) - cpu;
        recorder.add(txnCase.name(), Metric.RECORDS_PER_S, result.recordsPerSecond());
        recorder.add(txnCase.name(), Metric.BROKER_CPU_PER_M, cpuUsed / result.records() * 1e6);
        recorder.log(String.format("%s: %,.0f records/s (%,d transactions in %.2f s), broker CPU %.2f s", txnCase.name(),
            result.recordsPerSecond(), txnCase.transactions(), result.seconds(), cpuUsed));
    }

    private void loop(RunningBroker broker) throws Exception {
        String bootstrap = broker.bootstrapServers();
        String input = "txn-r" + round + "-loop-in";
        String output = "txn-r" + round + "-loop-out";
        Topics.create(bootstrap, input, TxnOptions.LOOP_PARTITIONS);
        Topics.create(bootstrap, output, TxnOptions.LOOP_PARTITIONS);
        InputLoader.load(bootstrap, input, TxnOptions.LOOP_PARTITIONS, options.loopRecords());
        double cpu = ProcCpu.seconds(broker.pid());
        ConsumeTransformProduce.Result result = ConsumeTransformProduce.run(bootstrap, input, output,
            options.loopRecords(), input + "-group", input + "-loop");
        double cpuUsed = ProcCpu.seconds(broker.pid()) - cpu;
        CommittedCount.Count count = CommittedCount.of(bootstrap, output, TxnOptions.LOOP_PARTITIONS,
            options.loopRecords());
        if (count.records() != options.loopRecords() || count.notUpperCase() != 0) {
            throw new IllegalStateException("read_committed output has " + count.records() + " records ("
                + count.notUpperCase() + " not upper case); the input has " + options.loopRecords());
        }
        recorder.add(LOOP_CASE, Metric.RECORDS_PER_S, result.recordsPerSecond());
        recorder.add(LOOP_CASE, Metric.TRANSACTIONS_PER_S, result.transactionsPerSecond());
        recorder.add(LOOP_CASE, Metric.BROKER_CPU_PER_M, cpuUsed / result.records() * 1e6);
        recorder.add(LOOP_CASE, Metric.GROUP_JOIN_S, result.joinSeconds());
        recorder.log(String.format("%s: %,.0f records/s (%,d transactions in %.2f s after a %.2f s join), broker CPU %.2f s;"
                + " output verified: %,d records", LOOP_CASE, result.recordsPerSecond(), result.transactions(),
            result.seconds(), result.joinSeconds(), cpuUsed, count.records()));
    }

    /** The broker's finalized transaction.version feature (2 = KIP-890 transactions), as Admin describes it. */
    private static String transactionVersion(String bootstrap) {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(config)) {
            FinalizedVersionRange range = admin.describeFeatures().featureMetadata().get(15, TimeUnit.SECONDS)
                .finalizedFeatures().get("transaction.version");
            return range == null ? "no transaction.version feature finalized (transactions v1)" : "transaction.version=" + range.maxVersionLevel()
                + (range.maxVersionLevel() >= 2 ? " (transactions v2, KIP-890)" : " (transactions v1)");
        } catch (Exception e) {
            return "unknown (DescribeFeatures: " + e.getClass().getSimpleName() + ")";
        }
    }
}
