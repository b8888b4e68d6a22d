package io.freshet.coordinator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator module's layering, checked on the sources (as Kafka's import-control does): the runtime knows no
 * coordinator, the group and transaction coordinators do not know each other, share-group membership
 * ({@code group.share}) and share-partition state ({@code share}) do not know each other, and only CoordinatorLog touches
 * storage on the runtime's behalf.
 */
class PackageLayeringTest {

    private static final Path SOURCES = Path.of("src/main/java/io/freshet/coordinator");

    @Test
    void theRuntimeDependsOnNoCoordinator() throws IOException {
        assertThat(importing("runtime", "io.freshet.coordinator.group", "io.freshet.coordinator.txn")).isEmpty();
    }

    @Test
    void theGroupAndTransactionCoordinatorsDoNotDependOnEachOther() throws IOException {
        assertThat(importing("group", "io.freshet.coordinator.txn")).isEmpty();
        assertThat(importing("txn", "io.freshet.coordinator.group")).isEmpty();
    }

    @Test
    void shareStateAndTheOtherCoordinatorsDoNotDependOnEachOther() throws IOException {
        assertThat(importing("share", "io.freshet.coordinator.group", "io.freshet.coordinator.txn")).isEmpty();
        assertThat(importing("group", "io.freshet.coordinator.share")).isEmpty();
        assertThat(importing("txn", "io.freshet.coordinator.share")).isEmpty();
        assertThat(importing("runtime", "io.freshet.coordinator.share")).isEmpty();
    }

    @Test
    void onlyCoordinatorLogTouchesStorageInTheRuntime() throws IOException {
        assertThat(importing("runtime", "io.freshet.storage")).containsExactly("CoordinatorLog.java");
    }

    /** The files of a package (and its subpackages) that import anything under one of {@code prefixes}. */
    private static List<String> importing(String pkg, String... prefixes) throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES.resolve(pkg))) {
            return files.filter(f -> f.toString().endsWith(".java")).filter(f -> imports(f, prefixes))
                .map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static boolean imports(Path file, String... prefixes) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith("import ")).anyMatch(l -> Stream.of(prefixes)
                .anyMatch(p -> l.startsWith("import " + p + ".") || l.startsWith("import static " + p + ".")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
