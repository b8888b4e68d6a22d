package io.freshet.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Data directories for brokers the tests start themselves, under {@code target/it-data} so a failed run leaves them
 * behind for inspection; a test deletes its directory only once it has passed.
 */
final class DataDirs {

    private DataDirs() {
    }

    static Path create(String name) {
        Path root = Paths.get(System.getProperty("freshet.it.workDir", "target/it-data"));
        try {
            Files.createDirectories(root);
            return Files.createTempDirectory(root, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
