package io.freshet.bench.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs {@link io.freshet.bench.sink.ProduceSink} in its own JVM, with Freshet's default JVM options and the
 * harness's class path, on a free port.
 */
public final class SinkLauncher implements BrokerLauncher {

    private static final long START_TIMEOUT_MILLIS = 30_000;

    private final Path logDir;

    public SinkLauncher(Path logDir) {
        this.logDir = logDir;
    }

    @Override
    public Target target() {
        return Target.CEILING;
    }

    @Override
    public RunningBroker start(int round) throws Exception {
        int port = FreePorts.any();
        Path log = logDir.resolve("sink-round" + round + ".log");
        List<String> command = new ArrayList<>();
        command.add(JavaCommand.java());
        command.addAll(Arrays.asList(FreshetLauncher.DEFAULT_JAVA_OPTS.split(" ")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.freshet.bench.sink.ProduceSink",
            "--port", Integer.toString(port)));
        long launched = System.nanoTime();
        Process process = JvmProcesses.launch(command, log);
        try {
            long answered = ApiVersionsProbe.awaitAnswer(port, START_TIMEOUT_MILLIS, process);
            return new RunningBroker(Target.CEILING, port, process.pid(), (answered - launched) / 1e9,
                () -> JvmProcesses.stop(process));
        } catch (IOException | RuntimeException | InterruptedException e) {
            JvmProcesses.stop(process);
            throw new IOException("the produce sink did not start: " + e.getMessage() + "\n"
                + JvmProcesses.tail(log, 20), e);
        }
    }
}
