package io.freshet.it;

import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Debian's mosquitto-clients (mosquitto_pub, mosquitto_sub 2.0) as processes: installed by
 * scripts/install-test-deps.sh; a missing binary skips the test with a message.
 */
final class MqttCli {

    static final String PUB = "/usr/bin/mosquitto_pub";
    static final String SUB = "/usr/bin/mosquitto_sub";

    private MqttCli() {
    }

    static void requireInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PUB)) && Files.isExecutable(Path.of(SUB)),
                "mosquitto-clients is not installed: run scripts/install-test-deps.sh");
    }

    record Result(int exit, String stdout, String stderr) {
    }

    /** Runs a command to its end (at most {@code timeout}) and returns its exit code and output. */
    static Result run(List<String> command, Duration timeout) throws Exception {
        Path out = Files.createTempFile("mqtt-cli-", ".out");
        Path err = Files.createTempFile("mqtt-cli-", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(command + " did not end within " + timeout + "; stderr: "
                        + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** A long-running client (mosquitto_sub) whose stdout lines are collected as they come. */
    static final class Running implements AutoCloseable {
        private final Process process;
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final Path stderr;

        Running(List<String> command) {
            try {
                stderr = Files.createTempFile("mqtt-cli-", ".err");
                // stdbuf -oL: mosquitto_sub block-buffers a pipe, so lines would only show when it ends
                List<String> lineBuffered = new ArrayList<>(List.of("stdbuf", "-oL"));
                lineBuffered.addAll(command);
                process = new ProcessBuilder(lineBuffered).redirectError(stderr.toFile()).start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + command, e);
            }
            Thread pump = new Thread(() -> {
                try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "mqtt-cli-stdout");
            pump.setDaemon(true);
            pump.start();
        }

        List<String> lines() {
            return new ArrayList<>(lines);
        }

        /**
         * Lines that are not mosquitto's debug output (-d prints "Client ... sending/received ..." and
         * "Subscribed (mid: 1): QOS").
         */
        List<String> messages() {
            return lines.stream().filter(l -> !l.startsWith("Client ") && !l.startsWith("Subscribed (mid")).toList();
        }

        boolean saw(String fragment) {
            return lines.stream().anyMatch(l -> l.contains(fragment));
        }

        Process process() {
            return process;
        }

        String stderr() {
            try {
                return Files.readString(stderr);
            } catch (IOException e) {
                return "(stderr unreadable: " + e + ")";
            }
        }

        /** SIGKILL: the client's socket closes without a DISCONNECT. */
        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            kill();
            Files.deleteIfExists(stderr);
        }
    }
}
