package io.freshet.broker.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.freshet.storage.file.AtomicFile;
import io.freshet.storage.file.StorageIo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The finalized level of the one feature flag Freshet has, {@code share.version} (0: share groups off, 1: on, 2: on
 * with dead-letter topics, KIP-1191), and the epoch of its last change, as a Kafka 4.4 cluster keeps them in its
 * metadata log. A new data directory starts at 2, as a new Kafka 4.4 cluster does; {@code kafka-features.sh}
 * (UpdateFeatures) changes it. Kept in {@code features.json} through {@link AtomicFile}:
 * <pre>
 * {"version": 1, "crc32c": 1234567890, "features": {"share.version": 2, "epoch": 1}}
 * </pre>
 * Reads are a volatile field; changes are serialized and written before they are published (call them off the event
 * loops: they fsync).
 */
public final class FeatureLevels {

    public static final String SHARE_VERSION = "share.version";
    public static final short SHARE_VERSION_MAX = 2;
    static final String FILE_NAME = "features.json";
    private static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One published state: the level and the epoch it was finalized at. */
    public record Finalized(short shareVersion, long epoch) {
    }

    private final StorageIo io;
    private final Path file;
    private volatile Finalized finalized;

    private FeatureLevels(StorageIo io, Path file, Finalized finalized) {
        this.io = io;
        this.file = file;
        this.finalized = finalized;
    }

    public static FeatureLevels open(StorageIo io, Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        return new FeatureLevels(io, file, read(file));
    }

    public Finalized finalized() {
        return finalized;
    }

    /** Share groups are served from level 1 up; at 0 their APIs answer UNSUPPORTED_VERSION, as Kafka 4.4's do. */
    public boolean shareGroupsEnabled() {
        return finalized.shareVersion() >= 1;
    }

    /** Finalizes {@code share.version} at {@code level} (checked by the caller), durably, with a new epoch. */
    public synchronized void setShareVersion(short level) {
        Finalized next = new Finalized(level, finalized.epoch() + 1);
        try {
            write(next);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        finalized = next;
    }

    private void write(Finalized state) throws IOException {
        ObjectNode features = MAPPER.createObjectNode();
        features.put(SHARE_VERSION, state.shareVersion());
        features.put("epoch", state.epoch());
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", VERSION);
        root.put("crc32c", crc(features));
        root.set("features", features);
        new AtomicFile(io).write(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    private static Finalized read(Path file) throws IOException {
        AtomicFile.deleteLeftover(file);
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return new Finalized(SHARE_VERSION_MAX, 1); // a new Kafka 4.4 cluster finalizes share.version=2
        } catch (IOException e) {
            throw new IOException("Feature levels " + file + " are not valid JSON: " + e.getMessage(), e);
        }
        JsonNode features = root.path("features");
        if (root.path("version").asInt(-1) != VERSION || !features.isObject()
            || root.path("crc32c").asLong(-1) != crc(features)) {
            throw new IOException("Feature levels " + file + " are corrupt or of an unknown version; restore the "
                + "file from a backup or delete it (share.version goes back to " + SHARE_VERSION_MAX + ")");
        }
        return new Finalized((short) features.path(SHARE_VERSION).asInt(), features.path("epoch").asLong());
    }

    private static long crc(JsonNode node) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(MAPPER.writeValueAsBytes(node));
        return crc.getValue();
    }
}
