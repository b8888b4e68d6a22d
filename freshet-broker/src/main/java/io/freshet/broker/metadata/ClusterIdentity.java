package io.freshet.broker.metadata;

import io.freshet.storage.file.AtomicFile;
import io.freshet.storage.file.StorageIo;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The cluster id and node id of a data directory, in {@code meta.properties} as Kafka keeps them
 * ({@code version}, {@code cluster.id}, {@code node.id}). The cluster id is generated on first start and never
 * changes; clients use it to notice that they reconnected to a different cluster.
 */
public record ClusterIdentity(String clusterId, int nodeId) {

    static final String FILE_NAME = "meta.properties";
    private static final String VERSION = "1";

    /**
     * Loads the identity of {@code dataDir}, creating it on first start.
     *
     * @throws IOException when the file exists but belongs to another node id or cannot be read
     */
    public static ClusterIdentity loadOrCreate(Path dataDir, int nodeId) throws IOException {
        return loadOrCreate(StorageIo.SYSTEM, dataDir, nodeId);
    }

    /** As {@link #loadOrCreate(Path, int)}, writing through {@code io}. */
    public static ClusterIdentity loadOrCreate(StorageIo io, Path dataDir, int nodeId) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        AtomicFile.deleteLeftover(file);
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (NoSuchFileException e) {
            ClusterIdentity created = new ClusterIdentity(Uuid.randomUuid().toString(), nodeId);
            created.write(io, file);
            return created;
        }
        String clusterId = props.getProperty("cluster.id");
        String storedNode = props.getProperty("node.id");
        if (clusterId == null || storedNode == null || !VERSION.equals(props.getProperty("version"))) {
            throw new IOException(file + " is incomplete or has an unknown version; expected version=1, "
                + "cluster.id and node.id");
        }
        if (!storedNode.equals(Integer.toString(nodeId))) {
            throw new IOException(file + " belongs to node.id=" + storedNode + " but node.id is configured as "
                + nodeId + "; use the right data directory or node.id");
        }
        return new ClusterIdentity(clusterId, nodeId);
    }

    private void write(StorageIo io, Path file) throws IOException {
        Properties props = new Properties();
        props.setProperty("version", VERSION);
        props.setProperty("cluster.id", clusterId);
        props.setProperty("node.id", Integer.toString(nodeId));
        StringWriter out = new StringWriter();
        props.store(out, "Freshet data directory identity; do not edit");
        new AtomicFile(io).write(file, out.toString().getBytes(StandardCharsets.UTF_8));
    }
}
