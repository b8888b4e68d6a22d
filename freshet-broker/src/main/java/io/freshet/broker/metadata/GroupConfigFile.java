package io.freshet.broker.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.freshet.storage.file.AtomicFile;
import io.freshet.storage.file.StorageIo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The group configs on disk: {@code group-configs.json} in the data directory, rewritten whole on every change
 * through {@link AtomicFile}, as the topic catalog ({@link CatalogFile}) is.
 *
 * <pre>
 * {"version": 1,
 *  "crc32c": 1234567890,              // CRC-32C of the UTF-8 bytes of the "groups" object as written
 *  "groups": {"orders-workers": {"share.record.lock.duration.ms": "60000"}}}
 * </pre>
 * Only a group's overrides are stored; broker defaults apply again at every start.
 */
final class GroupConfigFile {

    static final String FILE_NAME = "group-configs.json";
    static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GroupConfigFile() {
    }

    static Path path(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    static void write(StorageIo io, Path file, Map<String, Map<String, String>> overrides) throws IOException {
        ObjectNode groups = MAPPER.createObjectNode();
        new TreeMap<>(overrides).forEach((group, configs) -> {
            ObjectNode node = groups.putObject(group);
            new TreeMap<>(configs).forEach(node::put);
        });
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", VERSION);
        root.put("crc32c", crc(groups));
        root.set("groups", groups);
        new AtomicFile(io).write(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    /** Every group's overrides; a missing file is none (a new data directory, or no group config ever set). */
    static Map<String, Map<String, String>> read(Path file) throws IOException {
        AtomicFile.deleteLeftover(file);
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new IOException("Group configs " + file + " are not valid JSON: " + e.getMessage(), e);
        }
        int version = root.path("version").asInt(-1);
        if (version != VERSION) {
            throw new IOException("Group configs " + file + " have format version " + version
                + "; this Freshet reads version " + VERSION);
        }
        JsonNode groups = root.path("groups");
        if (!groups.isObject() || !root.path("crc32c").canConvertToLong()
            || root.get("crc32c").asLong() != crc(groups)) {
            throw new IOException("Group configs " + file + " are corrupt (CRC mismatch); restore the file from a "
                + "backup or delete it (every group goes back to the broker's defaults)");
        }
        Map<String, Map<String, String>> result = new TreeMap<>();
        for (Map.Entry<String, JsonNode> group : groups.properties()) {
            Map<String, String> configs = new TreeMap<>();
            group.getValue().properties().forEach(e -> configs.put(e.getKey(), e.getValue().asText()));
            result.put(group.getKey(), configs);
        }
        return result;
    }

    private static long crc(JsonNode node) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(MAPPER.writeValueAsBytes(node));
        return crc.getValue();
    }
}
