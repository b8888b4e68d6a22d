package io.freshet.coordinator.runtime;

import org.apache.kafka.common.utils.Time;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A runtime with one {@link MapStore} on a {@link ScriptedStateLog}, driven from the test thread. */
final class RuntimeHarness implements AutoCloseable {

    final ScriptedStateLog log;
    final MapStore store = new MapStore();
    final CoordinatorRuntime runtime;

    RuntimeHarness(ScriptedStateLog log, Time time, long checkpointBytes) throws Exception {
        this.log = log;
        this.runtime = new CoordinatorRuntime("test-coordinator", time, log, checkpointBytes);
        runtime.register(MapStore.Key.class, store);
        onThread(runtime::load);
    }

    RuntimeHarness(ScriptedStateLog log) throws Exception {
        this(log, Time.SYSTEM, Long.MAX_VALUE);
    }

    /** Runs {@code work} on the coordinator thread and returns its result (not waiting for any future in it). */
    <T> T onThread(Supplier<T> work) throws Exception {
        return runtime.call("test", () -> CompletableFuture.completedFuture(work.get())).get(10, TimeUnit.SECONDS);
    }

    /** Starts a write; the future completes when it is durable or has failed. */
    CompletableFuture<Void> write(StateRecord... records) throws Exception {
        return onThread(() -> runtime.write(List.of(records)));
    }

    /** The live values, as the next operation sees them. */
    Map<String, Integer> live() throws Exception {
        return onThread(() -> new TreeMap<>(store.values));
    }

    Object committed(String name) throws Exception {
        return onThread(() -> runtime.committedView().committedValue(new MapStore.Key(name)));
    }

    @Override
    public void close() {
        runtime.close();
    }
}
