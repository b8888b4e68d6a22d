package io.freshet.bench;

import io.freshet.bench.launch.JavaCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.internals.AppInfoParser;

/** The versions the report names, asked of the artifacts themselves; "unknown" when one cannot say. */
final class Versions {

    private static final Pattern KAFKA_JAR = Pattern.compile("kafka_2\\.13-(.+)\\.jar");

    private Versions() {
    }

    /** What {@code java -jar freshet.jar version} prints (bounded to 30 s). */
    static String freshet(Path repoRoot) {
        Path jar = repoRoot.resolve("freshet-server/target/freshet.jar");
        try {
            Process process = new ProcessBuilder(JavaCommand.java(), "-jar", jar.toString(), "version")
                .redirectErrorStream(true).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "unknown";
            }
            return new String(process.getInputStream().readAllBytes()).trim();
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    /** The broker jar's version in the anchor's lib folder ({@code $KAFKA_ANCHOR_HOME/lib}). */
    static String kafka() {
        Path lib = Path.of(System.getenv().getOrDefault("KAFKA_ANCHOR_HOME", "/tmp/apache-kafka-anchor"), "lib");
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.map(p -> KAFKA_JAR.matcher(p.getFileName().toString())).filter(Matcher::matches)
                .map(m -> "Apache Kafka " + m.group(1) + " (kafka_2.13)").findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String clients() {
        return "kafka-clients " + AppInfoParser.getVersion();
    }
}
