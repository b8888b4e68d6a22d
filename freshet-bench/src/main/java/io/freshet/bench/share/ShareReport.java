package io.freshet.bench.share;

import io.freshet.bench.launch.Target;
import io.freshet.bench.report.MachineInfo;
import io.freshet.bench.report.Measurement;
import io.freshet.bench.report.Metric;
import io.freshet.bench.report.NumberFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Writes docs/share-bench.md: per case, each broker's median and per-round values, and Freshet / Kafka. */
public final class ShareReport {

    /** What the report says about the run, apart from the measurements. */
    public record Run(String date, String command, boolean quick, int rounds, long records, double minutes, MachineInfo machine,
                      String freshetVersion, String kafkaVersion, String clientsVersion, String freshetSettings,
                      String loadBefore, double loadAfter, List<String> loads, List<String> failures, String csv) {
    }

    private ShareReport() {
    }

    public static void write(Path file, List<Measurement> measurements, Run run) throws IOException {
        StringBuilder md = new StringBuilder("# Share groups: Freshet beside Apache Kafka 4.4\n\n")
            .append("Written by `").append(run.command()).append("` on ").append(run.date()).append(" (")
            .append(NumberFormat.value(run.minutes())).append(" min, ").append(run.rounds())
            .append(run.rounds() == 1 ? " round" : " rounds").append(run.quick() ? ", QUICK: a harness check, not"
                + " a measurement" : "").append("). Per-round numbers: `").append(run.csv()).append("`.\n\n")
            .append("A share group (KIP-932) of KafkaShareConsumers (").append(run.clientsVersion())
            .append("), each on its own thread in one client JVM, implicit acknowledgement, the client's defaults"
                + " (max.poll.records 500), drains a topic pre-filled with ")
            .append(String.format("%,d", run.records())).append(" records of ")
            .append(ShareOptions.RECORD_SIZE).append(" bytes (no key; acks=1; record i in partition i mod n). Each"
                + " case is a fresh group with share.auto.offset.reset=earliest (set through Admin before anyone"
                + " joins). records/s counts from the group's first record to the moment every offset has been"
                + " delivered once; the join before the first record is reported apart. Brokers alternate within"
                + " each round (the order rotates), each started fresh per round; one warm-up drain (50,000"
                + " records, 4 members, 8 partitions) before the measured cases.\n\n");
        md.append("## Results: medians over the rounds\n\n")
            .append("| case | Freshet records/s | Kafka records/s | Freshet / Kafka | Freshet per round | Kafka per"
                + " round | join s (F / K) | broker CPU s per 1M (F / K) |\n|---|---:|---:|---:|---|---|---|---|\n");
        for (String name : cases()) {
            double freshet = median(measurements, Target.FRESHET, name, Metric.RECORDS_PER_S);
            double kafka = median(measurements, Target.KAFKA, name, Metric.RECORDS_PER_S);
            md.append("| ").append(name).append(" | ").append(NumberFormat.value(freshet)).append(" | ")
                .append(NumberFormat.value(kafka)).append(" | **").append(NumberFormat.ratio(freshet / kafka))
                .append("** | ").append(perRound(measurements, Target.FRESHET, name)).append(" | ")
                .append(perRound(measurements, Target.KAFKA, name)).append(" | ")
                .append(NumberFormat.value(median(measurements, Target.FRESHET, name, Metric.GROUP_JOIN_S)))
                .append(" / ")
                .append(NumberFormat.value(median(measurements, Target.KAFKA, name, Metric.GROUP_JOIN_S)))
                .append(" | ")
                .append(NumberFormat.value(median(measurements, Target.FRESHET, name, Metric.BROKER_CPU_PER_M)))
                .append(" / ")
                .append(NumberFormat.value(median(measurements, Target.KAFKA, name, Metric.BROKER_CPU_PER_M)))
                .append(" |\n");
        }
        md.append("\n## Reading the numbers\n\n")
            .append("- A share partition hands out at most group.share.partition.max.record.locks records at a time"
                + " (2,000 on both brokers, Kafka's default): with 1 partition every member waits on the same"
                + " window, so 16 members are not 4 times 4.\n")
            .append("- The machine has 2 cores and is shared: other sessions' builds and tests ran during the run"
                + " (the load averages below). The brokers alternate within each round, so both see the same"
                + " noise; the ratio is the figure to read, absolute rates vary from run to run.\n")
            .append("- Clients and broker share the 2 cores: 16 consumer threads cost CPU the broker then lacks,"
                + " on both sides.\n");
        md.append("\n## The run\n\n| | |\n|---|---|\n").append(run.machine().markdownRows())
            .append("| Freshet | ").append(run.freshetVersion()).append(" |\n")
            .append("| Apache Kafka | ").append(run.kafkaVersion()).append(", the anchor's single-node KRaft"
                + " server.properties, broker defaults for share groups |\n")
            .append("| Freshet command | ").append(run.freshetSettings()).append(" |\n")
            .append("| 1-min load before / after | ").append(run.loadBefore()).append(" / ")
            .append(NumberFormat.value(run.loadAfter())).append(" |\n\n")
            .append("Load average when each broker's round started: ").append(String.join("; ", run.loads()))
            .append(".\n\n");
        if (!run.failures().isEmpty()) {
            md.append("## Failures\n\n");
            run.failures().forEach(f -> md.append("- ").append(f.replace('\n', ' ')).append('\n'));
            md.append('\n');
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, md);
    }

    private static Set<String> cases() {
        Set<String> names = new LinkedHashSet<>();
        for (int partitions : ShareOptions.PARTITIONS) {
            for (int members : ShareOptions.MEMBERS) {
                names.add(ShareOptions.caseName(members, partitions));
            }
        }
        return names;
    }

    private static List<Double> values(List<Measurement> ms, Target target, String name, Metric metric) {
        return ms.stream().filter(m -> m.target() == target && m.caseName().equals(name) && m.metric() == metric)
            .map(Measurement::value).toList();
    }

    static double median(List<Measurement> ms, Target target, String name, Metric metric) {
        List<Double> v = new ArrayList<>(values(ms, target, name, metric));
        if (v.isEmpty()) {
            return Double.NaN;
        }
        v.sort(null);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    private static String perRound(List<Measurement> ms, Target target, String name) {
        List<Double> v = values(ms, target, name, Metric.RECORDS_PER_S);
        return v.isEmpty() ? "–" : v.stream().map(NumberFormat::value).collect(Collectors.joining(", "));
    }
}
