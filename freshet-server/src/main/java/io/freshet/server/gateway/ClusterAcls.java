package io.freshet.server.gateway;

import io.freshet.security.acl.AclSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The cluster's ACLs as the gateway enforces them: read with {@code DescribeAcls} (every binding) once at start-up on
 * the caller's thread, then every refresh interval on this class's own thread, {@code freshet-gateway-acls}, the one
 * writer of the list. A changed list is published whole to the listeners (the gateway's {@code FreshetAuthorizer},
 * which builds its immutable snapshot from it), so an ACL created or deleted with {@code kafka-acls.sh} is in effect
 * here within one interval plus one read.
 *
 * <p>Reading ACLs needs DESCRIBE on the cluster for the gateway's own principal. At start-up, a cluster without an
 * authorizer ({@code SECURITY_DISABLED}) gives no ACLs at all ({@link #start} is empty: the gateway allows
 * everything, as the cluster does) and a refusal is a start-up error saying which ACL is missing. A later read that
 * fails keeps the last list (logged once per episode): stale ACLs rather than none, but only for the max age
 * ({@code gateway.acl.max.age.ms}) since the last good read. After it the gateway publishes a DENY of everything to
 * {@code User:*} ({@link #DENY_EVERYTHING}; super users still pass), so a right revoked on the cluster, or the
 * gateway's own DESCRIBE taken away, does not go on being honoured; the next good read replaces it.
 */
public final class ClusterAcls implements AclSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterAcls.class);

    /** What the gateway enforces once the ACLs are too old: every operation on every resource denied to all. */
    static final List<AclBinding> DENY_EVERYTHING = Stream.of(ResourceType.TOPIC, ResourceType.GROUP,
            ResourceType.CLUSTER, ResourceType.TRANSACTIONAL_ID)
        .map(type -> new AclBinding(new ResourcePattern(type, ResourcePattern.WILDCARD_RESOURCE, PatternType.LITERAL),
            new AccessControlEntry("User:*", "*", AclOperation.ALL, AclPermissionType.DENY)))
        .toList();

    /** One read of every ACL of the cluster. */
    interface Reader {
        /** @throws RuntimeException the read failed ({@link SecurityDisabledException}: no authorizer) */
        List<AclBinding> read();
    }

    private final Reader reader;
    private final Runnable closeReader;
    private final Duration timeout;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService refresher;
    private final List<Consumer<List<AclBinding>>> listeners = new CopyOnWriteArrayList<>();
    /** The list published; replaced only by the refresher (after start-up), read by {@link #listen} under the lock. */
    private List<AclBinding> acls;
    /** Refresher thread only: when the last read succeeded, whether the last read failed, whether denying all. */
    private long lastReadNanos;
    private boolean failing;
    private boolean denying;

    /**
     * @param maxAge how long {@code first} and later reads stay enforced while reads fail (zero: until one succeeds)
     */
    ClusterAcls(Reader reader, Runnable closeReader, Duration timeout, Duration maxAge, LongSupplier nanoTime,
                List<AclBinding> first) {
        this.reader = reader;
        this.closeReader = closeReader;
        this.timeout = timeout;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
        this.acls = first;
        this.lastReadNanos = nanoTime.getAsLong();
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "freshet-gateway-acls");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Reads the cluster's ACLs through {@code admin} (owned from now on) and starts refreshing them every
     * {@code refresh}; empty, with {@code admin} closed, when the cluster has no authorizer.
     *
     * @throws IllegalStateException the gateway's principal may not read the ACLs, or the cluster does not answer
     */
    public static Optional<ClusterAcls> start(Admin admin, Duration refresh, Duration maxAge, Duration timeout) {
        Reader reader = () -> read(admin, timeout);
        List<AclBinding> first;
        try {
            first = reader.read();
        } catch (SecurityDisabledException e) {
            admin.close(Duration.ZERO);
            log.info("The cluster has no authorizer (DescribeAcls: SECURITY_DISABLED): every client that logs in may"
                + " do anything through this gateway, as on the cluster; restart the gateway after enabling one");
            return Optional.empty();
        } catch (RuntimeException e) {
            admin.close(Duration.ZERO);
            throw e;
        }
        ClusterAcls acls = new ClusterAcls(reader, () -> admin.close(Duration.ofSeconds(1)), timeout, maxAge,
            System::nanoTime, first);
        acls.refresher.scheduleWithFixedDelay(acls::refresh, refresh.toMillis(), refresh.toMillis(),
            TimeUnit.MILLISECONDS);
        log.info("{} ACLs read from the cluster, read again every {} ms{}", first.size(), refresh.toMillis(),
            maxAge.isZero() ? "" : "; kept at most " + maxAge.toMillis() + " ms while reads fail");
        return Optional.of(acls);
    }

    @Override
    public synchronized void listen(Consumer<List<AclBinding>> listener) {
        listeners.add(listener);
        listener.accept(acls);
    }

    /**
     * One refresh (refresher thread): publish the list if it changed; keep the last one if the read fails, until it
     * is older than the max age, then deny everything.
     */
    void refresh() {
        List<AclBinding> next;
        try {
            next = reader.read();
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("Cannot read the cluster's ACLs ({}): enforcing the {} read before{}", e.getMessage(),
                    acls.size(), maxAgeNanos == 0 ? " until a read succeeds"
                        : " for at most " + maxAgeNanos / 1_000_000 + " ms since the last read");
            }
            if (maxAgeNanos > 0 && !denying && nanoTime.getAsLong() - lastReadNanos >= maxAgeNanos) {
                denying = true;
                log.error("The cluster's ACLs have not been read for {} ms ({}): denying every client but the"
                    + " super users until a read succeeds", maxAgeNanos / 1_000_000, GatewayAuthConfig.ACL_MAX_AGE_MS);
                publish(DENY_EVERYTHING);
            }
            return;
        }
        lastReadNanos = nanoTime.getAsLong();
        if (failing) {
            failing = false;
            log.info("The cluster's ACLs are read again ({} ACLs)", next.size());
        }
        if (denying || !new HashSet<>(next).equals(new HashSet<>(acls))) {
            denying = false;
            publish(next);
        }
    }

    private synchronized void publish(List<AclBinding> next) {
        acls = next;
        for (Consumer<List<AclBinding>> listener : listeners) {
            listener.accept(next);
        }
    }

    private static List<AclBinding> read(Admin admin, Duration timeout) {
        try {
            return List.copyOf(admin.describeAcls(AclBindingFilter.ANY).values()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SecurityDisabledException disabled) {
                throw disabled;
            }
            if (e.getCause() instanceof ClusterAuthorizationException) {
                throw new IllegalStateException("The gateway may not read the cluster's ACLs (DescribeAcls:"
                    + " CLUSTER_AUTHORIZATION_FAILED): allow its own principal (the kafka.sasl.jaas.config user)"
                    + " DESCRIBE on the cluster, e.g. kafka-acls.sh --add --allow-principal User:GATEWAY"
                    + " --operation Describe --cluster, or make it a super user; or set gateway.auth=none");
            }
            throw new IllegalStateException("Cannot read the cluster's ACLs: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Cannot read the cluster's ACLs: no answer within " + timeout.toMillis()
                + " ms (" + GatewayAuthConfig.CHECK_TIMEOUT_MS + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the cluster's ACLs", e);
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        try {
            refresher.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeReader.run();
    }
}
