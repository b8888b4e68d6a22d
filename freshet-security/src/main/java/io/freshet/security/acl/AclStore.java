package io.freshet.security.acl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.utils.internals.SecurityUtils;
import org.apache.kafka.server.authorizer.AclCreateResult;
import org.apache.kafka.server.authorizer.AclDeleteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The broker's ACLs, stored in {@code <data dir>/security/acls.json} and changed only by CreateAcls and DeleteAcls.
 * Each change is written whole (temp file, fsync, rename, fsync of the directory) before it is acknowledged and
 * published to the listeners (the authorizer), so an acknowledged ACL survives a crash and is in effect for the
 * next request.
 *
 * <p>One writer: changes run on the store's own thread ({@code freshet-acl-store}), never on an event loop (they
 * fsync). Reads ({@link #describe}) use the published immutable list.
 */
public final class AclStore implements AclSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AclStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String FILE_NAME = "acls.json";

    private final Path file;
    private final ExecutorService writer;
    private final List<Consumer<List<AclBinding>>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile List<AclBinding> acls;

    private AclStore(Path file, List<AclBinding> acls) {
        this.file = file;
        this.acls = List.copyOf(acls);
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "freshet-acl-store");
            t.setDaemon(true);
            return t;
        };
        this.writer = Executors.newSingleThreadExecutor(factory);
    }

    /** Reads {@code dir/acls.json} (none yet: no ACLs). @throws UncheckedIOException unreadable file */
    public static AclStore open(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dir);
            List<AclBinding> acls = Files.exists(file) ? read(file) : List.of();
            return new AclStore(file, acls);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read ACLs from " + file, e);
        }
    }

    /** Calls {@code listener} with the ACLs now, then after every change (on the writer's thread). */
    @Override
    public void listen(Consumer<List<AclBinding>> listener) {
        listeners.add(listener);
        listener.accept(acls);
    }

    public List<AclBinding> all() {
        return acls;
    }

    /** The ACLs {@code filter} matches (Kafka's {@link AclBindingFilter#matches}). */
    public List<AclBinding> describe(AclBindingFilter filter) {
        if (filter.isUnknown()) {
            return List.of();
        }
        return acls.stream().filter(filter::matches).toList();
    }

    /**
     * Adds {@code bindings}; one result per binding, in order. An invalid one (Kafka's rules: a known resource type,
     * LITERAL or PREFIXED, a known operation and permission, a principal TYPE:NAME, a non-empty name, the cluster
     * named {@code kafka-cluster}) fails alone with INVALID_REQUEST; adding one that exists is a success.
     */
    public CompletableFuture<List<AclCreateResult>> create(List<AclBinding> bindings) {
        return CompletableFuture.supplyAsync(() -> {
            List<AclCreateResult> results = new ArrayList<>();
            Set<AclBinding> next = new LinkedHashSet<>(acls);
            for (AclBinding binding : bindings) {
                try {
                    validate(binding);
                    next.add(binding);
                    results.add(AclCreateResult.SUCCESS);
                } catch (ApiException e) {
                    results.add(new AclCreateResult(e));
                }
            }
            if (next.size() != acls.size()) {
                ApiException failed = commit(List.copyOf(next));
                if (failed != null) {
                    return results.stream().map(r -> r.exception().isPresent() ? r : new AclCreateResult(failed))
                        .toList();
                }
            }
            return results;
        }, writer);
    }

    /** Removes what each filter matches; one result per filter, in order, naming the ACLs it removed. */
    public CompletableFuture<List<AclDeleteResult>> delete(List<AclBindingFilter> filters) {
        return CompletableFuture.supplyAsync(() -> {
            List<AclDeleteResult> results = new ArrayList<>();
            Set<AclBinding> removed = new LinkedHashSet<>();
            for (AclBindingFilter filter : filters) {
                if (filter.patternFilter().isUnknown() || filter.entryFilter().isUnknown()) {
                    results.add(new AclDeleteResult(new InvalidRequestException(
                        filter.patternFilter().isUnknown() ? "Unknown patternFilter." : "Unknown entryFilter.")));
                    continue;
                }
                List<AclDeleteResult.AclBindingDeleteResult> deleted = new ArrayList<>();
                for (AclBinding binding : acls) {
                    if (filter.matches(binding)) {
                        deleted.add(new AclDeleteResult.AclBindingDeleteResult(binding));
                        removed.add(binding);
                    }
                }
                results.add(new AclDeleteResult(deleted));
            }
            if (!removed.isEmpty()) {
                List<AclBinding> next = acls.stream().filter(b -> !removed.contains(b)).toList();
                ApiException failed = commit(next);
                if (failed != null) {
                    return filters.stream().map(f -> new AclDeleteResult(failed)).toList();
                }
            }
            return results;
        }, writer);
    }

    static void validate(AclBinding binding) {
        ResourcePattern pattern = binding.pattern();
        AccessControlEntry entry = binding.entry();
        if (pattern.resourceType() == ResourceType.UNKNOWN || pattern.resourceType() == ResourceType.ANY) {
            throw new InvalidRequestException("Invalid resourceType " + pattern.resourceType());
        }
        if (pattern.patternType() != PatternType.LITERAL && pattern.patternType() != PatternType.PREFIXED) {
            throw new InvalidRequestException("Invalid patternType " + pattern.patternType());
        }
        if (entry.operation() == AclOperation.UNKNOWN || entry.operation() == AclOperation.ANY) {
            throw new InvalidRequestException("Invalid operation " + entry.operation());
        }
        if (entry.permissionType() != AclPermissionType.ALLOW && entry.permissionType() != AclPermissionType.DENY) {
            throw new InvalidRequestException("Invalid permissionType " + entry.permissionType());
        }
        if (pattern.name() == null || pattern.name().isEmpty()) {
            throw new InvalidRequestException("Invalid empty resource name");
        }
        if (pattern.resourceType() == ResourceType.CLUSTER && !pattern.name().equals("kafka-cluster")) {
            throw new InvalidRequestException("The only valid name for the CLUSTER resource is kafka-cluster");
        }
        try {
            SecurityUtils.parseKafkaPrincipal(entry.principal());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Invalid principal " + entry.principal() + ": " + e.getMessage());
        }
        if (entry.host() == null || entry.host().isEmpty()) {
            throw new InvalidRequestException("Invalid empty host");
        }
    }

    /** Writes {@code next} durably, then publishes it; null on success, the error the callers see otherwise. */
    private ApiException commit(List<AclBinding> next) {
        try {
            write(file, next);
        } catch (IOException e) {
            log.error("Cannot write ACLs to {}", file, e);
            return new UnknownServerException("Cannot write the ACLs: " + e.getMessage());
        }
        acls = next;
        for (Consumer<List<AclBinding>> listener : listeners) {
            listener.accept(next);
        }
        return null;
    }

    private static List<AclBinding> read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        List<AclBinding> acls = new ArrayList<>();
        for (JsonNode n : root.path("acls")) {
            acls.add(new AclBinding(
                new ResourcePattern(ResourceType.valueOf(n.path("resourceType").asText()), n.path("name").asText(),
                    PatternType.valueOf(n.path("patternType").asText())),
                new AccessControlEntry(n.path("principal").asText(), n.path("host").asText(),
                    AclOperation.valueOf(n.path("operation").asText()),
                    AclPermissionType.valueOf(n.path("permissionType").asText()))));
        }
        return acls;
    }

    private static void write(Path file, List<AclBinding> acls) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        ArrayNode array = root.putArray("acls");
        for (AclBinding b : acls) {
            array.addObject()
                .put("resourceType", b.pattern().resourceType().name())
                .put("name", b.pattern().name())
                .put("patternType", b.pattern().patternType().name())
                .put("principal", b.entry().principal())
                .put("host", b.entry().host())
                .put("operation", b.entry().operation().name())
                .put("permissionType", b.entry().permissionType().name());
        }
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for fsync; the rename itself is still atomic.
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
