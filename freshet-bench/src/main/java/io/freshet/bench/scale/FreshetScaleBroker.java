package io.freshet.bench.scale;

import io.freshet.bench.launch.FreePorts;
import io.freshet.bench.launch.FreshetLauncher;
import io.freshet.bench.launch.JavaCommand;
import io.freshet.bench.launch.JvmProcesses;
import io.freshet.bench.launch.Target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code freshet.jar server} with the JVM options bench/run.sh uses ({@link FreshetLauncher#javaOptions()}), on a data
 * directory the caller owns (kept across restarts, deleted by the caller).
 */
final class FreshetScaleBroker implements ScaleBroker {

    private static final long STOP_TIMEOUT_SECONDS = 120;

    private final Path jar;
    private final FreshetLauncher options;
    private final Path logDir;
    private Process process;
    /** Every process launched, so that cleaning up stops one left behind by a step that failed half-way. */
    private final List<Process> processes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Path latestLog;

    FreshetScaleBroker(Path repoRoot, Path logDir) {
        this.jar = repoRoot.resolve("freshet-server/target/freshet.jar");
        this.options = new FreshetLauncher(repoRoot, logDir);
        this.logDir = logDir;
    }

    @Override
    public Target target() {
        return Target.FRESHET;
    }

    String reportedCommand() {
        return options.reportedCommand();
    }

    @Override
    public Launched launch(Path dataDir, String logName) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing: ./freshet build");
        }
        Files.createDirectories(dataDir);
        int port = FreePorts.any();
        List<String> command = new ArrayList<>();
        command.add(JavaCommand.java());
        command.addAll(options.javaOptions());
        command.addAll(List.of("-jar", jar.toString(), "server", "--port", Integer.toString(port),
            "--mqtt-port", "0", "--http-port", "0", "--data-dir", dataDir.toString()));
        // FRESHET_SETTINGS="KEY=VALUE ...": broker settings for a before/after run (--kafka 0) of one change
        for (String setting : System.getenv().getOrDefault("FRESHET_SETTINGS", "").trim().split("\\s+")) {
            if (!setting.isEmpty()) {
                command.addAll(List.of("--set", setting));
            }
        }
        long launchedAt = System.nanoTime();
        latestLog = logDir.resolve("freshet-" + logName + ".log");
        process = JvmProcesses.launch(command, latestLog);
        processes.add(process);
        return new Launched(process.pid(), port, launchedAt);
    }

    @Override
    public double stopGracefully() throws Exception {
        long start = System.nanoTime();
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IOException("Freshet ignored SIGTERM for " + STOP_TIMEOUT_SECONDS + " s; killed");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    @Override
    public void kill() throws Exception {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IOException("pid " + process.pid() + " survived SIGKILL for 10 s");
        }
    }

    @Override
    public Path latestLog() {
        return latestLog;
    }

    @Override
    public boolean alive() {
        return process != null && process.isAlive();
    }

    @Override
    public void cleanUp() {
        for (Process p : processes) {
            if (p.isAlive()) {
                try {
                    JvmProcesses.stop(p);
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
        processes.removeIf(p -> !p.isAlive());
    }
}
