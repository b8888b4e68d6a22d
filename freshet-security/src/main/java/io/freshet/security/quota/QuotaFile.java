package io.freshet.security.quota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.quota.ClientQuotaEntity;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code <data dir>/security/quotas.json}: the stored quotas, one object per entity.
 *
 * <pre>{"version":1,"quotas":[{"entity":{"user":"alice","client-id":null},"values":{"producer_byte_rate":1024.0}}]}</pre>
 *
 * A null name is the {@code <default>} entity of that type. Written whole and atomically (temporary file, fsync,
 * rename, fsync of the directory), so a crash leaves the old file or the new one, never a torn one.
 */
final class QuotaFile {

    static final String NAME = "quotas.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    QuotaFile(Path securityDir) {
        this.file = securityDir.resolve(NAME);
    }

    Path path() {
        return file;
    }

    Map<ClientQuotaEntity, Map<String, Double>> read() throws IOException {
        Map<ClientQuotaEntity, Map<String, Double>> quotas = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return quotas;
        }
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || root.path("version").asInt() != 1) {
            throw new IOException(file + ": not a version 1 quota file");
        }
        for (JsonNode item : root.path("quotas")) {
            Map<String, String> names = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = item.path("entity").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> name = it.next();
                names.put(name.getKey(), name.getValue().isNull() ? null : name.getValue().asText());
            }
            Map<String, Double> values = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = item.path("values").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> value = it.next();
                values.put(value.getKey(), value.getValue().asDouble());
            }
            if (!names.isEmpty() && !values.isEmpty()) {
                quotas.put(new ClientQuotaEntity(names), values);
            }
        }
        return quotas;
    }

    void write(Map<ClientQuotaEntity, Map<String, Double>> quotas) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("version", 1);
        ArrayNode items = root.putArray("quotas");
        quotas.forEach((entity, values) -> {
            ObjectNode item = items.addObject();
            ObjectNode names = item.putObject("entity");
            entity.entries().forEach(names::put);
            ObjectNode valueNode = item.putObject("values");
            values.forEach(valueNode::put);
        });
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(NAME + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(java.nio.ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root)));
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // Some file systems cannot fsync a directory; the rename is still atomic there.
        }
    }
}
