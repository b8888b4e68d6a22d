package io.freshet.security.sasl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The SCRAM credentials of every user, per mechanism: salt, stored key, server key and iterations (never a
 * password), in {@code <data dir>/security/scram-credentials.json}.
 *
 * <p>Threading: readers (SASL servers on event loops, password checks) read an immutable snapshot through a
 * volatile field and never wait. Changes run one at a time on the store's own thread ({@code freshet-scram-store}),
 * because each is an fsync'd file write: the file is written to a temporary file, fsync'd, renamed over the old one
 * and the directory fsync'd, and only then is the new snapshot published, so what a client was told is stored
 * survives a crash, and a failed write changes nothing.
 */
public final class ScramCredentialStore implements AutoCloseable {

    /** A change of one user's credential for one mechanism. */
    public sealed interface Change {
        String user();

        ScramMechanism mechanism();
    }

    public record Upsert(String user, ScramMechanism mechanism, ScramCredential credential) implements Change {
    }

    public record Delete(String user, ScramMechanism mechanism) implements Change {
    }

    static final String FILE = "scram-credentials.json";
    private static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final ExecutorService writer;
    private volatile SortedMap<String, Map<ScramMechanism, ScramCredential>> users;

    private ScramCredentialStore(Path file, SortedMap<String, Map<ScramMechanism, ScramCredential>> users) {
        this.file = file;
        this.users = users;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "freshet-scram-store");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Reads the store of {@code dataDir} (none yet: no users). */
    public static ScramCredentialStore open(Path dataDir) {
        Path file = dataDir.resolve("security").resolve(FILE);
        try {
            Files.deleteIfExists(temporary(file));
            return new ScramCredentialStore(file, read(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the SCRAM credentials " + file + ": " + e.getMessage(), e);
        }
    }

    /** A store that keeps nothing on disk (tests of other things, {@code Security.none()}). */
    public static ScramCredentialStore inMemory() {
        return new ScramCredentialStore(null, Collections.emptySortedMap());
    }

    public Optional<ScramCredential> credential(String user, ScramMechanism mechanism) {
        Map<ScramMechanism, ScramCredential> byMechanism = users.get(user);
        return byMechanism == null ? Optional.empty() : Optional.ofNullable(byMechanism.get(mechanism));
    }

    /** Every user with at least one credential, by name; an immutable snapshot. */
    public SortedMap<String, Map<ScramMechanism, ScramCredential>> users() {
        return users;
    }

    /**
     * Applies {@code changes} together (one file write), on the store's thread. Deleting a credential that does
     * not exist is a no-op here: callers report it (Kafka's RESOURCE_NOT_FOUND) before asking.
     */
    public CompletableFuture<Void> apply(List<? extends Change> changes) {
        return CompletableFuture.runAsync(() -> {
            SortedMap<String, Map<ScramMechanism, ScramCredential>> next = new TreeMap<>();
            users.forEach((user, creds) -> next.put(user, new EnumMap<>(creds)));
            for (Change change : changes) {
                if (change instanceof Upsert upsert) {
                    next.computeIfAbsent(upsert.user(), u -> new EnumMap<>(ScramMechanism.class))
                        .put(upsert.mechanism(), upsert.credential());
                } else {
                    Map<ScramMechanism, ScramCredential> creds = next.get(change.user());
                    if (creds != null) {
                        creds.remove(change.mechanism());
                        if (creds.isEmpty()) {
                            next.remove(change.user());
                        }
                    }
                }
            }
            try {
                if (file != null) {
                    write(file, next);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the SCRAM credentials " + file + ": " + e.getMessage(),
                    e);
            }
            users = freeze(next);
        }, writer);
    }

    @Override
    public void close() {
        writer.shutdown();
    }

    private static SortedMap<String, Map<ScramMechanism, ScramCredential>> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Collections.emptySortedMap();
        }
        if (root == null || root.path("version").asInt(-1) != VERSION) {
            throw new IOException("unknown format (expected version " + VERSION + ")");
        }
        SortedMap<String, Map<ScramMechanism, ScramCredential>> users = new TreeMap<>();
        Base64.Decoder b64 = Base64.getDecoder();
        for (var user : root.path("users").properties()) {
            Map<ScramMechanism, ScramCredential> creds = new EnumMap<>(ScramMechanism.class);
            for (var entry : user.getValue().properties()) {
                ScramMechanism mechanism = ScramMechanism.forMechanismName(entry.getKey());
                if (mechanism == null) {
                    throw new IOException("unknown mechanism " + entry.getKey() + " for user " + user.getKey());
                }
                JsonNode c = entry.getValue();
                creds.put(mechanism, new ScramCredential(b64.decode(c.path("salt").asText()),
                    b64.decode(c.path("stored_key").asText()), b64.decode(c.path("server_key").asText()),
                    c.path("iterations").asInt()));
            }
            if (!creds.isEmpty()) {
                users.put(user.getKey(), creds);
            }
        }
        return freeze(users);
    }

    private static void write(Path file, SortedMap<String, Map<ScramMechanism, ScramCredential>> users)
        throws IOException {
        Base64.Encoder b64 = Base64.getEncoder();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", VERSION);
        ObjectNode usersNode = root.putObject("users");
        users.forEach((user, creds) -> {
            ObjectNode userNode = usersNode.putObject(user);
            creds.forEach((mechanism, c) -> userNode.putObject(mechanism.mechanismName())
                .put("salt", b64.encodeToString(c.salt()))
                .put("stored_key", b64.encodeToString(c.storedKey()))
                .put("server_key", b64.encodeToString(c.serverKey()))
                .put("iterations", c.iterations()));
        });
        byte[] bytes = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = temporary(file);
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dirChannel = FileChannel.open(dir, StandardOpenOption.READ)) {
            dirChannel.force(true); // the rename itself is durable only once the directory is
        } catch (IOException ignored) {
            // some file systems cannot open a directory for fsync; the rename is then as durable as they allow
        }
    }

    private static Path temporary(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }

    private static SortedMap<String, Map<ScramMechanism, ScramCredential>> freeze(
        SortedMap<String, Map<ScramMechanism, ScramCredential>> users) {
        SortedMap<String, Map<ScramMechanism, ScramCredential>> frozen = new TreeMap<>();
        users.forEach((user, creds) -> frozen.put(user, Collections.unmodifiableMap(new EnumMap<>(creds))));
        return Collections.unmodifiableSortedMap(frozen);
    }
}
