package io.freshet.storage.log;

import io.freshet.storage.file.FaultyStorageIo;
import io.freshet.storage.file.FaultyStorageIo.Errno;
import io.freshet.storage.file.FaultyStorageIo.Fault;
import io.freshet.storage.file.FaultyStorageIo.Op;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every write, fsync, truncation, rename and file creation the storage makes in a day's work (appends, rolls,
 * seals, indexes, producer snapshots, DeleteRecords, a producer id block, a cleaning, a clean shutdown) is found by
 * running that work once through a tracing {@link FaultyStorageIo}; then the work is run again once per site, with
 * that one operation failing (EIO, then ENOSPC), and the outcome is checked against what a user relies on:
 * <ul>
 *   <li>every record whose fsync was acknowledged (awaitDurable) is there after a restart;</li>
 *   <li>no record whose append was refused is there;</li>
 *   <li>the restarted log holds nothing a reader did not see before it (nothing unfsynced comes back);</li>
 *   <li>no temporary or half-written file is left; the restarted log takes appends.</li>
 * </ul>
 */
class FaultSweepTest {

    /** Compacted, a segment per three records, preallocated (so that sealing truncates). */
    private static final Map<String, String> CONFIG = Map.of("cleanup.policy", "compact", "segment.ms", "1000",
        "min.cleanable.dirty.ratio", "0.01", "preallocate", "true", "segment.bytes", "65536");
    private static final int RECORDS = 12;

    @TempDir
    Path root;
    private final AtomicInteger runs = new AtomicInteger();

    @TestFactory
    Stream<DynamicTest> aFaultAtAnyWriteFsyncRenameTruncateOrCreateLosesNothingAcknowledged() throws Exception {
        FaultyStorageIo tracer = new FaultyStorageIo();
        run(tracer, () -> { });
        Set<String> sites = new LinkedHashSet<>(tracer.trace());
        assertThat(sites).as("the work reaches every kind of operation")
            .anyMatch(s -> s.startsWith("WRITE")).anyMatch(s -> s.startsWith("FORCE"))
            .anyMatch(s -> s.startsWith("TRUNCATE")).anyMatch(s -> s.startsWith("RENAME"))
            .anyMatch(s -> s.startsWith("CREATE"))
            .anyMatch(s -> s.endsWith(".index.tmp")).anyMatch(s -> s.endsWith("producer-state.tmp"))
            .anyMatch(s -> s.endsWith("log-start-offset.tmp")).anyMatch(s -> s.endsWith("producer-ids.tmp"))
            .anyMatch(s -> s.endsWith(".cleaned")).anyMatch(s -> s.endsWith(".swap"))
            .anyMatch(s -> s.equals("FORCE events-0")).anyMatch(s -> s.equals("FORCE data"));
        return sites.stream().flatMap(site -> Stream.of(Errno.EIO, Errno.ENOSPC)
            .map(errno -> DynamicTest.dynamicTest(site + " fails with " + errno, () -> faultAt(site, errno))));
    }

    private void faultAt(String site, Errno errno) throws Exception {
        Op op = Op.valueOf(site.substring(0, site.indexOf(' ')));
        String name = site.substring(site.indexOf(' ') + 1);
        FaultyStorageIo io = new FaultyStorageIo();
        Fault[] fault = new Fault[1];

        Outcome outcome = run(io, () -> fault[0] = io.inject(op, path -> path.getFileName().toString().equals(name),
            errno).once());

        assertThat(fault[0].hits()).as("%s with %s: the fault was reached", site, errno).isEqualTo(1);
        assertThat(leftovers(outcome.dataDir)).as("%s with %s: leftovers", site, errno).isEmpty();
        try (LogFixture restarted = new LogFixture(outcome.dataDir)) {
            DiskLog log = restarted.log(CONFIG);
            List<String> recovered = Batches.readAllKeyed(log, log.logStartOffset());
            for (String acked : outcome.acked) {
                if (offset(acked) >= log.logStartOffset()) {
                    assertThat(recovered).as("%s with %s: acknowledged %s survives", site, errno, acked)
                        .anyMatch(r -> key(r).equals(key(acked)) && offset(r) >= offset(acked));
                }
            }
            assertThat(recovered).as("%s with %s: refused appends are not in the log", site, errno)
                .noneMatch(r -> outcome.refused.contains(value(r)));
            if (outcome.live != null) {
                assertThat(outcome.live).as("%s with %s: nothing comes back that readers did not see", site, errno)
                    .containsAll(recovered);
            }
            long next = log.logEndOffset();
            assertThat(log.append(CompactionTest.kv(1, "k0=after")).firstOffset()).isEqualTo(next);
        }
    }

    /** What the work saw: acknowledged records and refused values, and what a reader saw at the end. */
    private record Outcome(Path dataDir, List<String> acked, Set<String> refused, List<String> live) {
    }

    /** The day's work; {@code arm} runs once the partition is open, before the first append. */
    private Outcome run(FaultyStorageIo io, Runnable arm) throws Exception {
        Path dataDir = root.resolve("run-" + runs.incrementAndGet()).resolve("data");
        List<String> appended = new ArrayList<>();
        List<String> acked = new ArrayList<>();
        Set<String> refused = new LinkedHashSet<>();
        List<String> live = null;
        LogFixture fixture = new LogFixture(dataDir, LogStoreConfig.defaults().withStorageIo(io));
        try {
            DiskLog log = fixture.log(CONFIG);
            io.startTrace();
            arm.run();
            for (int i = 0; i < RECORDS; i++) {
                String value = "v" + i;
                try {
                    AppendResult result = log.append(CompactionTest.kv(1, "k" + (i % 3) + "=" + value));
                    appended.add(result.firstOffset() + ":k" + (i % 3) + "=" + value);
                } catch (KafkaStorageException e) {
                    refused.add(value);
                }
                if (i % 3 == 2) {
                    fixture.time.sleep(1_001); // the next append rolls
                }
                if (i % 2 == 1) {
                    awaitDurable(log, appended, acked);
                }
            }
            quietly(() -> log.deleteRecordsBefore(1));
            quietly(() -> fixture.store.producerIds().nextProducerId());
            awaitDurable(log, appended, acked);
            quietly(() -> fixture.store.cleanLogs());
            live = quietlyRead(log);
        } finally {
            try {
                fixture.close();
            } catch (IOException | RuntimeException e) {
                // a failure at shutdown: the restart recovers as after a crash
            }
        }
        return new Outcome(dataDir, acked, refused, live);
    }

    private static void awaitDurable(DiskLog log, List<String> appended, List<String> acked) {
        if (appended.isEmpty() || log.logEndOffset() == 0) {
            return;
        }
        List<String> covered = appended.stream().filter(r -> offset(r) < log.logEndOffset()).toList();
        try {
            log.awaitDurable(offset(covered.get(covered.size() - 1))).get(10, TimeUnit.SECONDS);
            acked.addAll(covered.stream().filter(r -> !acked.contains(r)).toList());
        } catch (Exception e) {
            // not acknowledged
        }
    }

    private static List<String> quietlyRead(DiskLog log) {
        try {
            return Batches.readAllKeyed(log, log.logStartOffset());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void quietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            // a refused or failed operation: what the checks are about
        }
    }

    private static List<String> leftovers(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith(".tmp") || n.endsWith(LogSegment.CLEANED_SUFFIX)).toList();
        }
    }

    private static long offset(String entry) {
        return Long.parseLong(entry.substring(0, entry.indexOf(':')));
    }

    private static String key(String entry) {
        return entry.substring(entry.indexOf(':') + 1, entry.indexOf('='));
    }

    private static String value(String entry) {
        return entry.substring(entry.indexOf('=') + 1);
    }
}
