package io.freshet.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.freshet.bench.launch.FreshetLauncher;
import io.freshet.bench.launch.RunningBroker;
import io.freshet.bench.launch.Target;
import io.freshet.bench.workload.ConsumeWorkload;
import io.freshet.bench.workload.ProduceCase;
import io.freshet.bench.workload.ProduceWorkload;
import io.freshet.bench.workload.Throughput;
import io.freshet.bench.workload.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The broker under one produce or consume case of the side-by-side harness, sampled by async-profiler:
 * {@code bench/profile.sh}. Freshet starts as bench/run.sh starts it (plus any {@code --set} settings), is warmed up
 * as there, then the profiler is attached with {@code jcmd JVMTI.agent_load} only for the measured case, once per
 * event (cpu: on-CPU samples; wall: every thread, running or waiting). Writes collapsed stacks
 * ({@code EVENT.collapsed}) and a flame graph ({@code EVENT.html}) per event into the output directory.
 *
 * <p>Produce: each event on a fresh topic. Consume: one topic loaded as bench/run.sh loads a consume case (3x the
 * records, full batches, written back), read {@link BenchOptions#CONSUME_PASSES} times per event; during the cpu
 * event this JVM, whose main thread is the consumer, is sampled too ({@code client-cpu.collapsed},
 * {@code client-cpu.html}): a consume case is mostly the client's work.
 *
 * <p>Arguments: {@code AGENT_LIB OUT_DIR produce|consume SIZE PARTITIONS ACKS RECORDS [KEY=VALUE...]}.
 */
public final class ProfileRun {

    private ProfileRun() {
    }

    public static void main(String[] args) throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.ERROR);
        if (args.length < 7 || !List.of("produce", "consume").contains(args[2])) {
            System.err.println("usage: ProfileRun AGENT_LIB OUT_DIR produce|consume SIZE PARTITIONS ACKS RECORDS "
                + "[KEY=VALUE...]");
            System.exit(2);
        }
        Path agent = Path.of(args[0]).toAbsolutePath();
        Path out = Path.of(args[1]).toAbsolutePath();
        boolean consume = args[2].equals("consume");
        ProduceCase produceCase = new ProduceCase(Integer.parseInt(args[3]), Integer.parseInt(args[4]), args[5],
            Long.parseLong(args[6]));
        List<String> settings = List.of(args).subList(7, args.length);
        Files.createDirectories(out);
        Path repo = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath().normalize();
        FreshetLauncher launcher = new FreshetLauncher(repo, out, Target.FRESHET, settings);
        try (RunningBroker broker = launcher.start(1)) {
            String bootstrap = broker.bootstrapServers();
            ProduceWorkload.warmUp(bootstrap, 200_000);
            if (consume) {
                profileConsume(agent, out, broker, produceCase);
            } else {
                profileProduce(agent, out, broker, produceCase);
            }
        }
    }

    private static void profileProduce(Path agent, Path out, RunningBroker broker, ProduceCase produceCase)
            throws Exception {
        String bootstrap = broker.bootstrapServers();
        int run = 0;
        for (String event : List.of("cpu", "wall")) {
            String topic = "profile-" + event + "-" + (run++);
            Topics.create(bootstrap, topic, produceCase.partitions());
            start(agent, broker.pid(), event);
            Throughput result = ProduceWorkload.run(bootstrap, topic, produceCase);
            stop(agent, broker.pid(), out, event);
            System.out.printf("profile: %s, %s: %,.0f records/s, %.1f MB/s%n", produceCase.name(), event,
                result.recordsPerSecond(), result.megabytesPerSecond());
        }
    }

    private static void profileConsume(Path agent, Path out, RunningBroker broker, ProduceCase source)
            throws Exception {
        String bootstrap = broker.bootstrapServers();
        String topic = "profile-consume";
        long records = TargetRun.loadConsumeTopic(bootstrap, topic, source);
        ConsumeWorkload.run(bootstrap, topic, source.partitions(), records, BenchOptions.CONSUME_TIMEOUT); // warm
        long self = ProcessHandle.current().pid();
        for (String event : List.of("cpu", "wall")) {
            start(agent, broker.pid(), event);
            if (event.equals("cpu")) {
                start(agent, self, event);
            }
            Throughput result = ConsumeWorkload.runPasses(bootstrap, topic, source.partitions(), records,
                BenchOptions.CONSUME_PASSES, BenchOptions.CONSUME_TIMEOUT);
            stop(agent, broker.pid(), out, event);
            if (event.equals("cpu")) {
                stop(agent, self, out, "client-cpu");
            }
            System.out.printf("profile: %s, %s: %,.0f records/s, %.1f MB/s, busiest client thread %.2f%n",
                source.consumeName(), event, result.recordsPerSecond(), result.megabytesPerSecond(),
                result.busiestClientThread());
        }
    }

    private static void start(Path agent, long pid, String event) throws IOException, InterruptedException {
        // wall: every thread every 1 ms would be thousands of samples per ms of mostly idle pool threads;
        // 5 ms keeps the profiler's own cost small
        jcmd(pid, agent + "=start,event=" + event + ",interval=" + (event.equals("cpu") ? "1ms" : "5ms") + ",threads");
    }

    /** Dumps {@code NAME.html} and {@code NAME.collapsed}, and stops the profiler in {@code pid}. */
    private static void stop(Path agent, long pid, Path out, String name) throws IOException, InterruptedException {
        jcmd(pid, agent + "=dump,flamegraph,file=" + out.resolve(name + ".html"));
        jcmd(pid, agent + "=stop,collapsed,file=" + out.resolve(name + ".collapsed"));
    }

    private static void jcmd(long pid, String agentArguments) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> command = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid), "JVMTI.agent_load"));
        int comma = agentArguments.indexOf('=');
        command.add(agentArguments.substring(0, comma));
        // quoted: jcmd would take an unquoted "a=b" for a named argument of its own
        command.add('"' + agentArguments.substring(comma + 1) + '"');
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || !output.contains("return code: 0")) {
            throw new IOException("jcmd " + String.join(" ", command) + " failed: " + output);
        }
    }
}
