package io.freshet.bench.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs {@code freshet-server/target/freshet.jar server} in its own JVM, with the JVM options of the
 * {@code ./freshet} launcher (its defaults, or {@code FRESHET_JAVA_OPTS}, plus its class-data archive when one
 * exists), on a free port and a fresh data directory that is deleted when the broker stops.
 */
public final class FreshetLauncher implements BrokerLauncher {

    /** The ./freshet launcher's default_java_opts. */
    public static final String DEFAULT_JAVA_OPTS =
        "-Xms64m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError";
    private static final long START_TIMEOUT_MILLIS = 60_000;

    private final Path jar;
    private final Path logDir;
    private final Target target;
    private final List<String> settings;

    public FreshetLauncher(Path repoRoot, Path logDir) {
        this(repoRoot, logDir, Target.FRESHET, List.of());
    }

    /**
     * @param target   what the report calls this broker (FRESHET_NO_METRICS, FRESHET_B: two of the same jar)
     * @param settings {@code KEY=VALUE} broker settings, each given as {@code --set KEY=VALUE}; one that starts with
     *                 {@code -X} is a JVM option instead, added after the launcher's (so that it wins)
     */
    public FreshetLauncher(Path repoRoot, Path logDir, Target target, List<String> settings) {
        this.jar = repoRoot.resolve("freshet-server/target/freshet.jar");
        this.logDir = logDir;
        this.target = target;
        this.settings = List.copyOf(settings);
    }

    @Override
    public Target target() {
        return target;
    }

    /** The JVM options used, as the report prints them. */
    public List<String> javaOptions() {
        String opts = System.getenv().getOrDefault("FRESHET_JAVA_OPTS", DEFAULT_JAVA_OPTS);
        List<String> options = new ArrayList<>(Arrays.asList(opts.trim().split("\\s+")));
        Path archive = jar.resolveSibling("freshet.jsa");
        if (Files.isRegularFile(archive)) {
            options.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        settings.stream().filter(FreshetLauncher::isJavaOption).forEach(options::add);
        return options;
    }

    /** How the reports describe the broker this starts. */
    public String reportedCommand() {
        return "`java " + String.join(" ", javaOptions())
            + " -jar freshet-server/target/freshet.jar server --port P --data-dir <fresh temp dir>` (as bench/run.sh"
            + " starts it; " + archiveState() + "), broker defaults, the data dir deleted after each round.";
    }

    /**
     * Whether the launcher's class-data archive helps: the JVM silently ignores an archive made from an older jar,
     * and start-up is then about twice as slow. Reported, not fixed: the archive is freshet-server's to rebuild.
     */
    public String archiveState() {
        Path archive = jar.resolveSibling("freshet.jsa");
        try {
            if (!Files.isRegularFile(archive)) {
                return "no class-data archive (freshet.jsa missing)";
            }
            return Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) >= 0
                ? "class-data archive freshet.jsa in use"
                : "freshet.jsa is older than freshet.jar, so the JVM ignores it (`./freshet build` retrains it)";
        } catch (IOException e) {
            return "class-data archive state unknown: " + e.getMessage();
        }
    }

    private static boolean isJavaOption(String setting) {
        return setting.startsWith("-X");
    }

    @Override
    public RunningBroker start(int round) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing: ./freshet build");
        }
        int port = FreePorts.any();
        Path dataDir = Files.createTempDirectory("freshet-bench-data-");
        Path log = logDir.resolve(target.name().toLowerCase(java.util.Locale.ROOT) + "-round" + round + ".log");
        List<String> command = new ArrayList<>();
        command.add(JavaCommand.java());
        command.addAll(javaOptions());
        // --mqtt-port 0 --http-port 0: the MQTT and HTTP listeners run as they do by default (start-up includes
        // them) on free ports
        command.addAll(List.of("-jar", jar.toString(), "server", "--port", Integer.toString(port),
            "--mqtt-port", "0", "--http-port", "0", "--data-dir", dataDir.toString()));
        settings.stream().filter(setting -> !isJavaOption(setting))
            .forEach(setting -> command.addAll(List.of("--set", setting)));
        long launched = System.nanoTime();
        Process process = JvmProcesses.launch(command, log);
        RunningBroker.Stopper stopper = () -> {
            JvmProcesses.stop(process);
            JvmProcesses.deleteTree(dataDir);
        };
        try {
            long answered = ApiVersionsProbe.awaitAnswer(port, START_TIMEOUT_MILLIS, process);
            return new RunningBroker(target(), port, process.pid(), (answered - launched) / 1e9, stopper);
        } catch (IOException | RuntimeException | InterruptedException e) {
            stopper.stop();
            throw new IOException("Freshet did not start: " + e.getMessage() + "\n" + JvmProcesses.tail(log, 20), e);
        }
    }
}
