package io.freshet.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.freshet.bench.launch.FreshetLauncher;
import io.freshet.bench.launch.RunningBroker;
import io.freshet.bench.launch.Target;
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
 * The broker under one produce case of the side-by-side harness, sampled by async-profiler: {@code bench/profile.sh}.
 * Freshet starts as bench/run.sh starts it (plus any {@code --set} settings), is warmed up as there, then the
 * profiler is attached with {@code jcmd JVMTI.agent_load} only for the measured case, once per event (cpu: on-CPU
 * samples; wall: every thread, running or waiting), each on a fresh topic. Writes collapsed stacks
 * ({@code EVENT.collapsed}) and a flame graph ({@code EVENT.html}) per event into the output directory.
 *
 * <p>Arguments: {@code AGENT_LIB OUT_DIR SIZE PARTITIONS ACKS RECORDS [KEY=VALUE...]}.
 */
public final class ProfileRun {

    private ProfileRun() {
    }

    public static void main(String[] args) throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.ERROR);
        if (args.length < 6) {
            System.err.println("usage: ProfileRun AGENT_LIB OUT_DIR SIZE PARTITIONS ACKS RECORDS [KEY=VALUE...]");
            System.exit(2);
        }
        Path agent = Path.of(args[0]).toAbsolutePath();
        Path out = Path.of(args[1]).toAbsolutePath();
        ProduceCase produceCase = new ProduceCase(Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4],
            Long.parseLong(args[5]));
        List<String> settings = List.of(args).subList(6, args.length);
        Files.createDirectories(out);
        Path repo = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath().normalize();
        FreshetLauncher launcher = new FreshetLauncher(repo, out, Target.FRESHET, settings);
        try (RunningBroker broker = launcher.start(1)) {
            String bootstrap = broker.bootstrapServers();
            ProduceWorkload.warmUp(bootstrap, 200_000);
            int run = 0;
            for (String event : List.of("cpu", "wall")) {
                String topic = "profile-" + event + "-" + (run++);
                Topics.create(bootstrap, topic, produceCase.partitions());
                // wall: every thread every 1 ms would be thousands of samples per ms of mostly idle pool threads;
                // 5 ms keeps the profiler's own cost small
                jcmd(broker.pid(), agent + "=start,event=" + event + ",interval=" + (event.equals("cpu") ? "1ms" : "5ms")
                    + ",threads");
                Throughput result = ProduceWorkload.run(bootstrap, topic, produceCase);
                jcmd(broker.pid(), agent + "=dump,flamegraph,file=" + out.resolve(event + ".html"));
                jcmd(broker.pid(), agent + "=stop,collapsed,file=" + out.resolve(event + ".collapsed"));
                System.out.printf("profile: %s, %s: %,.0f records/s, %.1f MB/s%n", produceCase.name(), event,
                    result.recordsPerSecond(), result.megabytesPerSecond());
            }
        }
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
