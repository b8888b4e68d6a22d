package io.freshet.bench.http;

import io.freshet.bench.proc.MachineCpu;
import io.freshet.bench.proc.ProcCpu;

/**
 * Who used the 2 cores over an interval, in cores (CPU seconds per second): the broker, this load client (its
 * event loops, the Kafka producer, the harness), and everything else on the machine (the other sessions building
 * and testing: the noise).
 */
final class CpuMeter {

    /** @param seconds the interval's wall time */
    record Usage(double seconds, double broker, double client, double others) {

        /** Broker CPU seconds per million of {@code units} (records acknowledged, events delivered). */
        double brokerPerMillion(long units) {
            return units == 0 ? Double.NaN : broker * seconds / units * 1e6;
        }

        double clientPerMillion(long units) {
            return units == 0 ? Double.NaN : client * seconds / units * 1e6;
        }
    }

    private final long brokerPid;
    private final long start;
    private final double broker0;
    private final double client0;
    private final double machine0;

    CpuMeter(long brokerPid) {
        this.brokerPid = brokerPid;
        this.start = System.nanoTime();
        this.broker0 = ProcCpu.seconds(brokerPid);
        this.client0 = ProcCpu.seconds(ProcessHandle.current().pid());
        this.machine0 = MachineCpu.busySeconds();
    }

    Usage stop() {
        double seconds = (System.nanoTime() - start) / 1e9;
        double broker = ProcCpu.seconds(brokerPid) - broker0;
        double client = ProcCpu.seconds(ProcessHandle.current().pid()) - client0;
        double machine = MachineCpu.busySeconds() - machine0;
        return new Usage(seconds, broker / seconds, client / seconds,
            Math.max(0, machine - broker - client) / seconds);
    }
}
