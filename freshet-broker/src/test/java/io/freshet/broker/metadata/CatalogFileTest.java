package io.freshet.broker.metadata;

import io.freshet.storage.file.AtomicFile;
import io.freshet.storage.file.StorageIo;
import io.freshet.storage.log.LogConfig;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogFileTest {

    private static final LogConfig DEFAULTS = LogConfig.defaults();

    @TempDir
    Path dir;

    private static TopicMetadata topic(String name, int partitions, Map<String, String> overrides) {
        return new TopicMetadata(name, Uuid.randomUuid(), partitions, DEFAULTS.withOverrides(overrides));
    }

    @Test
    void shouldRoundTripTopicsIdsPartitionsAndOverrides() throws IOException {
        Path file = CatalogFile.path(dir);
        TopicMetadata orders = topic("orders", 4, Map.of("retention.ms", "60000"));
        TopicMetadata audit = topic("audit", 1, Map.of());
        CatalogFile.write(StorageIo.SYSTEM, file, List.of(audit, orders));

        List<TopicMetadata> read = CatalogFile.read(file, DEFAULTS);
        assertThat(read).extracting(TopicMetadata::name).containsExactly("audit", "orders");
        TopicMetadata readOrders = read.get(1);
        assertThat(readOrders.topicId()).isEqualTo(orders.topicId());
        assertThat(readOrders.partitionCount()).isEqualTo(4);
        assertThat(readOrders.overrides()).isEqualTo(Map.of("retention.ms", "60000"));
        assertThat(readOrders.config().retentionMs()).isEqualTo(60_000L);
        assertThat(Files.readString(file)).contains("\"version\" : 1");
    }

    @Test
    void shouldTreatAMissingFileAsAnEmptyCatalog() throws IOException {
        assertThat(CatalogFile.read(CatalogFile.path(dir), DEFAULTS)).isEmpty();
    }

    @Test
    void shouldKeepThePreviousCatalogWhenARewriteWasInterrupted() throws IOException {
        Path file = CatalogFile.path(dir);
        CatalogFile.write(StorageIo.SYSTEM, file, List.of(topic("kept", 2, Map.of())));
        // A crash after writing part of the temporary file, before the rename.
        Files.writeString(AtomicFile.tmpFor(file), "{\"version\":1,\"topi", StandardCharsets.UTF_8);

        List<TopicMetadata> read = CatalogFile.read(file, DEFAULTS);
        assertThat(read).extracting(TopicMetadata::name).containsExactly("kept");
        assertThat(AtomicFile.tmpFor(file)).doesNotExist();
        assertThat(dir.toFile().list()).containsExactly(CatalogFile.FILE_NAME);
    }

    @Test
    void shouldRefuseACatalogWhoseChecksumDoesNotMatch() throws IOException {
        Path file = CatalogFile.path(dir);
        CatalogFile.write(StorageIo.SYSTEM, file, List.of(topic("orders", 4, Map.of())));
        Files.writeString(file, Files.readString(file).replace("\"partitions\" : 4", "\"partitions\" : 5"));
        assertThatThrownBy(() -> CatalogFile.read(file, DEFAULTS)).isInstanceOf(IOException.class)
            .hasMessageContaining("CRC");
    }

    @Test
    void shouldRefuseAnUnknownFormatVersion() throws IOException {
        Path file = CatalogFile.path(dir);
        Files.writeString(file, "{\"version\": 99, \"crc32c\": 0, \"topics\": []}");
        assertThatThrownBy(() -> CatalogFile.read(file, DEFAULTS)).hasMessageContaining("version 99");
    }
}
