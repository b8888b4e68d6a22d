package io.freshet.broker.metadata;

import io.freshet.storage.file.AtomicFile;
import io.freshet.storage.file.StorageIo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.freshet.storage.log.LogConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidConfigurationException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The topic catalog on disk: one JSON file, {@code topics.json}, in the data directory, rewritten whole on every
 * change through {@link AtomicFile} (catalog changes are rare and the file is small).
 *
 * <pre>
 * {"version": 1,
 *  "crc32c": 1234567890,              // CRC-32C of the UTF-8 bytes of the "topics" array as written
 *  "topics": [{"name": "orders", "topicId": "base64-uuid", "partitions": 4,
 *              "configs": {"retention.ms": "86400000"}}]}
 * </pre>
 *
 * <p>Only topic-level overrides are stored; broker defaults are applied again at load, so changing a broker
 * default changes every topic that does not override it, as in Kafka. A file whose CRC does not match, or whose
 * version is unknown, stops start-up with a message rather than guessing which topics exist.
 *
 * <p>Format migrations: bump {@link #VERSION} and add one step per version in {@link #read}.
 */
final class CatalogFile {

    static final String FILE_NAME = "topics.json";
    static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CatalogFile() {
    }

    static Path path(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    static void write(StorageIo io, Path file, Collection<TopicMetadata> topics) throws IOException {
        ArrayNode array = MAPPER.createArrayNode();
        for (TopicMetadata topic : topics) {
            ObjectNode node = array.addObject();
            node.put("name", topic.name());
            node.put("topicId", topic.topicId().toString());
            node.put("partitions", topic.partitionCount());
            ObjectNode configs = node.putObject("configs");
            new TreeMap<>(topic.overrides()).forEach(configs::put);
        }
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", VERSION);
        root.put("crc32c", crc(array));
        root.set("topics", array);
        new AtomicFile(io).write(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    /** Reads the catalog; a missing file is an empty catalog (a new data directory). */
    static List<TopicMetadata> read(Path file, LogConfig logDefaults) throws IOException {
        AtomicFile.deleteLeftover(file);
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new IOException("Topic catalog " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        int version = root.path("version").asInt(-1);
        if (version != VERSION) {
            throw new IOException("Topic catalog " + file + " has format version " + version
                + "; this Freshet reads version " + VERSION);
        }
        JsonNode topics = root.path("topics");
        if (!topics.isArray() || !root.path("crc32c").canConvertToLong()
            || root.get("crc32c").asLong() != crc(topics)) {
            throw new IOException("Topic catalog " + file + " is corrupt (CRC mismatch); restore it from a backup");
        }
        List<TopicMetadata> result = new ArrayList<>();
        for (JsonNode node : topics) {
            result.add(topic(file, node, logDefaults));
        }
        return result;
    }

    private static TopicMetadata topic(Path file, JsonNode node, LogConfig logDefaults) throws IOException {
        String name = node.path("name").asText();
        Map<String, String> overrides = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : node.path("configs").properties()) {
            overrides.put(field.getKey(), field.getValue().asText());
        }
        try {
            return new TopicMetadata(name, Uuid.fromString(node.path("topicId").asText()),
                node.path("partitions").asInt(), logDefaults.withOverrides(overrides));
        } catch (InvalidConfigurationException | IllegalArgumentException e) {
            throw new IOException("Topic catalog " + file + ": topic '" + name + "' is invalid: " + e.getMessage(), e);
        }
    }

    private static long crc(JsonNode topics) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(MAPPER.writeValueAsBytes(topics));
        return crc.getValue();
    }
}
