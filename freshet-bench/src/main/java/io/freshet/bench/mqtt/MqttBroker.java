package io.freshet.bench.mqtt;

import io.freshet.bench.launch.JvmProcesses;
import io.freshet.bench.proc.ProcCpu;
import io.freshet.bench.proc.ProcStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A broker process the MQTT harness started: its MQTT port, its pid (for /proc), whether it is a JVM (then
 * {@link #collectGarbage()} runs {@code jcmd PID GC.run} before memory is read), its log, and how to stop it.
 * Every instance stays in {@link #open()} until closed, so a shutdown hook can stop what is still running when
 * the harness is interrupted. {@link #close()} is idempotent.
 */
public final class MqttBroker implements AutoCloseable {

    /** Stops the process and cleans up after it (data directory, config file). */
    @FunctionalInterface
    interface Stopper {
        void stop() throws Exception;
    }

    private static final Set<MqttBroker> OPEN = ConcurrentHashMap.newKeySet();

    private final MqttTarget target;
    private final int port;
    private final Process process;
    private final boolean jvm;
    private final Path log;
    private final String kafkaBootstrap;
    private final double startupSeconds;
    private final Stopper stopper;

    /** @param kafkaBootstrap the broker's Kafka listener, or null for a broker without one */
    MqttBroker(MqttTarget target, int port, Process process, boolean jvm, Path log, String kafkaBootstrap,
               double startupSeconds, Stopper stopper) {
        this.target = target;
        this.port = port;
        this.process = process;
        this.jvm = jvm;
        this.log = log;
        this.kafkaBootstrap = kafkaBootstrap;
        this.startupSeconds = startupSeconds;
        this.stopper = stopper;
        OPEN.add(this);
    }

    static Set<MqttBroker> open() {
        return Set.copyOf(OPEN);
    }

    public MqttTarget target() {
        return target;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** "exited with code N" or "running". */
    public String state() {
        return process.isAlive() ? "running" : "exited with code " + process.exitValue();
    }

    /** Where the broker's Kafka listener is, when it has one (Freshet). */
    public Optional<String> kafkaBootstrap() {
        return Optional.ofNullable(kafkaBootstrap);
    }

    public Path log() {
        return log;
    }

    public String logTail(int lines) {
        return JvmProcesses.tail(log, lines);
    }

    /** Launch to the first CONNACK. */
    public double startupSeconds() {
        return startupSeconds;
    }

    public ProcStatus memory() {
        return ProcStatus.of(pid());
    }

    /** For a JVM, a full collection ({@code jcmd PID GC.run}), so that RSS is read without garbage; else nothing. */
    public void collectGarbage() throws IOException, InterruptedException {
        if (!jvm) {
            return;
        }
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid()), "GC.run").redirectErrorStream(true).start();
        byte[] output = jcmd.getInputStream().readAllBytes();
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IOException("jcmd " + pid() + " GC.run failed: " + new String(output));
        }
    }

    /**
     * Waits until the broker uses under 5% of a core over 500 ms (what a previous case left it doing is done), at
     * most {@code maxMillis}; returns false if it was still busy.
     */
    public boolean awaitQuiet(long maxMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        do {
            double cpu = ProcCpu.seconds(pid());
            Thread.sleep(500);
            if (ProcCpu.seconds(pid()) - cpu < 0.025) {
                return true;
            }
        } while (System.nanoTime() < deadline && alive());
        return false;
    }

    @Override
    public void close() {
        if (!OPEN.remove(this)) {
            return;
        }
        try {
            stopper.stop();
        } catch (Exception e) {
            System.err.println("mqtt-bench: stopping " + target.label() + " (pid " + pid() + ") failed: " + e);
        }
    }
}
