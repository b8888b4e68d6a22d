package io.freshet.broker;

import io.freshet.broker.deadletter.DeadLetterWriter;
import io.freshet.broker.fetch.FetchPurgatory;
import io.freshet.broker.fetch.ShareFetchPurgatory;
import io.freshet.broker.gateway.EmbeddedEventLog;
import io.freshet.broker.gateway.LogListeners;
import io.freshet.broker.handler.ApiRouter;
import io.freshet.broker.handler.BrokerApis;
import io.freshet.broker.handler.BrokerIdentity;
import io.freshet.broker.metadata.ClusterIdentity;
import io.freshet.broker.metadata.FeatureLevels;
import io.freshet.broker.metadata.GroupConfigs;
import io.freshet.broker.metadata.TopicController;
import io.freshet.broker.metadata.TopicListener;
import io.freshet.broker.metadata.TopicsForCoordinator;
import io.freshet.broker.metrics.BrokerMetrics;
import io.freshet.broker.metrics.GroupLag;
import io.freshet.coordinator.group.GroupCoordinator;
import io.freshet.coordinator.group.RebalanceCounts;
import io.freshet.coordinator.share.DeadLetters;
import io.freshet.coordinator.share.ShareCoordinator;
import io.freshet.coordinator.group.share.ShareGroupListener;
import io.freshet.coordinator.share.ShareStates;
import io.freshet.coordinator.txn.TransactionCoordinator;
import io.freshet.coordinator.txn.TransactionOutcomes;
import io.freshet.broker.network.SocketServer;
import io.freshet.security.Security;
import io.freshet.security.listener.ListenerEndpoint;
import io.freshet.broker.share.ShareMemberCheck;
import io.freshet.broker.share.ShareServices;
import io.freshet.broker.share.ShareSessionKey;
import io.freshet.broker.share.ShareSessions;
import io.freshet.broker.share.TopicLogsShareReader;
import io.freshet.coordinator.share.ShareGroupSettings;
import io.freshet.coordinator.share.ShareStates;
import io.freshet.gateway.EventLog;
import io.freshet.storage.file.StorageIo;
import io.freshet.storage.log.AppendListener;
import io.freshet.storage.log.LogStore;
import io.freshet.storage.log.PartitionLog;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * A running broker: storage, topic catalog and Kafka listener, started in that order and stopped in reverse, and
 * the same log for protocol gateways ({@link #eventLog()}).
 *
 * <pre>
 *   start: data dir -> meta.properties -> LogStore.open (recovery) -> TopicController (catalog)
 *          -> GroupCoordinator (replays __consumer_offsets) -> GroupConfigs (group-configs.json)
 *          -> FeatureLevels (features.json: share.version)
 *          -> TransactionCoordinator (replays __transaction_state, completes prepared transactions)
 *          -> ShareCoordinator (replays __share_group_state: share partitions' start offsets, acknowledged and
 *             archived records, delivery counts) -> listener
 *          -> EmbeddedEventLog (its append listeners are in the store's fan-out from the start: LogStore.open)
 *          (DeadLetterWriter: share groups' dead letters, on its own thread, started with the topic controller and
 *          given to the ShareCoordinator)
 *   close: listener (drain owed responses) -> share coordinator -> transaction coordinator -> group coordinator
 *          -> dead letters (queued ones written) -> topic controller -> LogStore.close (flush, clean marker)
 * </pre>
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread (for example a shutdown hook), once or more.
 */
public final class FreshetBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FreshetBroker.class);

    private final BrokerConfig config;
    private final LogStore store;
    private final TopicController topics;
    private final GroupCoordinator groups;
    private final TransactionCoordinator transactions;
    private final ShareStates shares;
    private final FetchPurgatory purgatory;
    private final ShareFetchPurgatory sharePurgatory;
    private final ShareSessions shareSessions;
    private final DeadLetterWriter deadLetters;
    private final SocketServer server;
    private final EmbeddedEventLog eventLog;
    private final List<ListenerEndpoint> boundListeners;
    private final String clusterId;
    private final BrokerMetrics metrics;
    private final GroupLag groupLag;
    private final ReportedConfigs reported;
    private final Security security;
    private boolean closed;

    private FreshetBroker(BrokerConfig config, LogStore store, TopicController topics, GroupCoordinator groups,
                          TransactionCoordinator transactions, ShareStates shareStates, FetchPurgatory purgatory,
                          ShareFetchPurgatory sharePurgatory, ShareSessions shareSessions,
                          DeadLetterWriter deadLetters, SocketServer server, EmbeddedEventLog eventLog,
                          List<ListenerEndpoint> boundListeners, String clusterId, BrokerMetrics metrics, GroupLag groupLag,
                          ReportedConfigs reported, Security security) {
        this.security = security;
        this.metrics = metrics;
        this.groupLag = groupLag;
        this.config = config;
        this.store = store;
        this.topics = topics;
        this.groups = groups;
        this.transactions = transactions;
        this.shares = shareStates;
        this.purgatory = purgatory;
        this.sharePurgatory = sharePurgatory;
        this.shareSessions = shareSessions;
        this.deadLetters = deadLetters;
        this.server = server;
        this.eventLog = eventLog;
        this.boundListeners = boundListeners;
        this.clusterId = clusterId;
        this.reported = reported;
    }

    /**
     * Recovers the data directory and opens the listener; returns once clients can connect.
     *
     * @throws UncheckedIOException when the data directory cannot be used or the port cannot be bound
     */
    public static FreshetBroker start(BrokerConfig config) {
        return start(config, StorageIo.SYSTEM);
    }

    /**
     * As {@link #start(BrokerConfig)}, with every file operation of the data directory going through {@code io}
     * (tests inject disk faults with it).
     */
    public static FreshetBroker start(BrokerConfig config, StorageIo io) {
        return start(config, io, ShareStatesFactory.COORDINATOR);
    }

    /** Starts the share-partition state once the logs are open; tests give a fake one. */
    @FunctionalInterface
    public interface ShareStatesFactory {
        /** @return the share-partition state, closed with the broker */
        ShareStates start(BrokerConfig config, LogStore store, ShareGroupSettings.Source settings,
                          DeadLetters deadLetters);

        /** The share coordinator on {@code __share_group_state-0}, archived records to the dead-letter writer. */
        ShareStatesFactory COORDINATOR = (config, store, settings, deadLetters) -> ShareCoordinator.start(store,
            config.shareCoordinatorConfig(), settings, deadLetters, Time.SYSTEM);
    }

    /** As {@link #start(BrokerConfig, StorageIo)}, with the share-partition state from {@code shareStates}. */
    public static FreshetBroker start(BrokerConfig config, StorageIo io, ShareStatesFactory shareStatesFactory) {
        return start(config, io, shareStatesFactory, BrokerMetrics.disabled());
    }

    /** As {@link #start(BrokerConfig)}, recording into {@code metrics} (freshet-server's registry reads them). */
    public static FreshetBroker start(BrokerConfig config, BrokerMetrics metrics) {
        return start(config, StorageIo.SYSTEM, ShareStatesFactory.COORDINATOR, metrics);
    }

    /** As {@link #start(BrokerConfig, StorageIo, ShareStatesFactory)}, recording into {@code metrics}. */
    public static FreshetBroker start(BrokerConfig config, StorageIo io, ShareStatesFactory shareStatesFactory,
                                      BrokerMetrics metrics) {
        long startNanos = System.nanoTime();
        LogStore store = null;
        TopicController topics = null;
        GroupCoordinator groups = null;
        TransactionCoordinator transactions = null;
        ShareStates shares = null;
        DeadLetterWriter deadLetters = null;
        try {
            Files.createDirectories(config.dataDir());
            ClusterIdentity identity = ClusterIdentity.loadOrCreate(io, config.dataDir(), config.nodeId());
            FetchPurgatory purgatory = new FetchPurgatory();
            ShareFetchPurgatory sharePurgatory = new ShareFetchPurgatory();
            LogListeners gatewayListeners = EmbeddedEventLog.newListeners();
            store = LogStore.open(config.dataDir(),
                AppendListener.fanOut(purgatory, sharePurgatory, gatewayListeners), Time.SYSTEM,
                config.logStoreConfig().withStorageIo(io).withFlushObserver(metrics.flushes()));
            topics = TopicController.open(config.dataDir(), store, config.topicDefaults());
            FeatureLevels features = FeatureLevels.open(io, config.dataDir());
            // KIP-1191: dead letters are written only at share.version 2 (at 1 a rejected record is just archived).
            deadLetters = new DeadLetterWriter(topics, config.deadLetterConfig(), Time.SYSTEM,
                () -> features.finalized().shareVersion() >= 2);
            groups = GroupCoordinator.start(store, new TopicsForCoordinator(topics), config.groupConfig(), Time.SYSTEM);
            GroupCoordinator groupCoordinator = groups;
            topics.addListener(new TopicListener() {
                @Override
                public void onTopicDeleted(String name) {
                    groupCoordinator.forgetTopic(name);
                    metrics.forgetTopic(name);
                }
            });
            GroupConfigs groupConfigs = GroupConfigs.open(io, config.dataDir(), config.shareGroupDefaults());
            groups.useShareGroupTimeouts(groupConfigs);
            transactions = TransactionCoordinator.start(store, new TopicsForCoordinator(topics),
                config.transactionConfig(), groups::completeTransaction, Time.SYSTEM);
            shares = shareStatesFactory.start(config, store, groupConfigs, deadLetters);
            ShareSessions shareSessions = new ShareSessions(config.shareMaxSessions());
            groups.onShareGroupEvents(shareGroupEvents(shares, shareSessions));
            ShareServices share = shareServices(config, topics, shares, groupConfigs, shareSessions, sharePurgatory);
            Security security = Security.open(config.properties(), config.dataDir());
            AtomicReference<List<ListenerEndpoint>> bound = new AtomicReference<>(config.listeners());
            ReportedConfigs reported = new ReportedConfigs();
            ApiRouter router = BrokerApis.router(config,
                new BrokerIdentity(config.nodeId(), name -> advertisedEndpoint(config, bound.get(), name),
                    identity.clusterId()),
                topics, purgatory, store, groups, transactions, groupConfigs, shares, share, features, metrics,
                reported, security);
            SocketServer server = new SocketServer(config.listeners(), name -> config.serverTls(name).orElse(null),
                config.socketRequestMaxBytes(), router, metrics.requests());
            bound.set(List.copyOf(server.start()));
            reported.report(BrokerConfig.LISTENERS,
                bound.get().stream().map(ListenerEndpoint::toString).collect(Collectors.joining(",")));
            log.debug("Freshet broker {} listening on {}, data in {}, cluster {}, started in {} ms",
                config.nodeId(), bound.get(), config.dataDir().toAbsolutePath(),
                identity.clusterId(), (System.nanoTime() - startNanos) / 1_000_000);
            EmbeddedEventLog eventLog = new EmbeddedEventLog(topics, groups, gatewayListeners, Time.SYSTEM,
                identity.clusterId(), config.nodeId(), metrics);
            return new FreshetBroker(config, store, topics, groups, transactions, shares, purgatory, sharePurgatory,
                shareSessions, deadLetters, server, eventLog, bound.get(), identity.clusterId(), metrics,
                new GroupLag(groups, topics), reported, security);
        } catch (IOException e) {
            closeQuietly(shares, transactions, groups, deadLetters, topics, store);
            throw new UncheckedIOException("Cannot start broker with " + config + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(shares, transactions, groups, deadLetters, topics, store);
            throw new IllegalStateException("Interrupted while starting the broker", e);
        } catch (RuntimeException e) {
            closeQuietly(shares, transactions, groups, deadLetters, topics, store);
            throw e;
        }
    }

    /**
     * What a client that came in on listener {@code name} is told to connect to: that listener's advertised
     * endpoint, else its bound host and port. An unknown name (a request not from a socket) gets the first one's.
     */
    private static BrokerIdentity.Endpoint advertisedEndpoint(BrokerConfig config, List<ListenerEndpoint> bound,
                                                              String name) {
        ListenerEndpoint listener = bound.stream().filter(l -> l.name().equals(name)).findFirst()
            .orElse(bound.get(0));
        ListenerEndpoint advertised = config.advertised(listener);
        return new BrokerIdentity.Endpoint(advertised.host(), advertised.port());
    }

    /**
     * Share-group membership (group coordinator) and share-partition state (share coordinator) do not know each
     * other: a member that left or was fenced has its records released, a deleted group's state is forgotten.
     * A member that still has a share session keeps its records until that session ends (its final
     * ShareAcknowledge, or its connection closing) or their locks expire: the leave heartbeat goes to the
     * coordinator's connection and the last acknowledgements to the partition leader's, so a client that does not
     * wait for one before sending the other would otherwise see the records it just processed released before its
     * acknowledgements arrive, and handed to another member.
     */
    private static ShareGroupListener shareGroupEvents(ShareStates shareStates, ShareSessions sessions) {
        return new ShareGroupListener() {
            @Override
            public void memberRemoved(String groupId, String memberId) {
                if (sessions.isOpen(new ShareSessionKey(groupId, memberId))) {
                    return;
                }
                shareStates.releaseMember(groupId, memberId).whenComplete((v, e) -> {
                    if (e != null) {
                        log.warn("Could not release the records of member {} of share group {}", memberId, groupId, e);
                    }
                });
            }

            @Override
            public void groupDeleted(String groupId) {
                shareStates.deleteGroup(groupId).whenComplete((v, e) -> {
                    if (e != null) {
                        log.warn("Could not delete the share-partition state of group {}", groupId, e);
                    }
                });
            }
        };
    }

    /**
     * The share-group data path: the share coordinator tells parked ShareFetches when records become available
     * again; its state reads the logs through this broker's reader.
     */
    private static ShareServices shareServices(BrokerConfig config, TopicController topics, ShareStates states,
                                               ShareGroupSettings.Source settings, ShareSessions sessions,
                                               ShareFetchPurgatory purgatory) {
        states.onAvailable(key -> purgatory.onAvailable(key.groupId(), key.partition()));
        return new ShareServices(topics, states, sessions, purgatory, new TopicLogsShareReader(topics),
            ShareMemberCheck.ANY, settings, config.fetchMaxBytes(), config.nodeId());
    }

    private static void closeQuietly(ShareStates shares, TransactionCoordinator transactions,
                                     GroupCoordinator groups, DeadLetterWriter deadLetters, TopicController topics,
                                     LogStore store) {
        try {
            if (shares != null) {
                shares.close();
            }
            if (transactions != null) {
                transactions.close();
            }
            if (groups != null) {
                groups.close();
            }
            if (deadLetters != null) {
                deadLetters.close();
            }
            if (topics != null) {
                topics.close();
            }
            if (store != null) {
                store.close();
            }
        } catch (Exception e) {
            log.warn("Error while cleaning up a failed start", e);
        }
    }

    /** What this broker records for the metrics registry ({@link BrokerMetrics#disabled()} when off). */
    public BrokerMetrics metrics() {
        return metrics;
    }

    /** Consumer-group lag per partition: round-trips to the group coordinator, so never on an event loop. */
    public GroupLag groupLag() {
        return groupLag;
    }

    /** Rebalances since start-up (for the metrics). */
    public RebalanceCounts rebalances() {
        return groups.rebalances();
    }

    /** Transactions committed and aborted since start-up (for the metrics). */
    public TransactionOutcomes transactionOutcomes() {
        return transactions.outcomes();
    }

    /** Kafka connections open now. */
    public int kafkaConnectionCount() {
        return server.connectionCount();
    }

    /** Every partition log (for per-partition gauges: size, offsets; in-memory figures only). */
    public Collection<PartitionLog> partitionLogs() {
        return store.logs();
    }

    /** The first listener's bound port (the configured one, or the ephemeral one when configured as 0). */
    public int boundPort() {
        return boundListeners.get(0).port();
    }

    /** The bound port of listener {@code listenerName} (e.g. {@code SSL}). */
    public int boundPort(String listenerName) {
        String name = listenerName.toUpperCase(java.util.Locale.ROOT);
        return boundListeners.stream().filter(l -> l.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no listener " + listenerName + " (listeners: "
                + boundListeners + ")"))
            .port();
    }

    /** Every Kafka listener with its bound port, in the order of {@code listeners}. */
    public List<ListenerEndpoint> boundListeners() {
        return boundListeners;
    }

    public Path dataDir() {
        return config.dataDir();
    }

    public BrokerConfig config() {
        return config;
    }

    /** Read-only broker keys DescribeConfigs reports (bound listeners, the release); the server adds its own. */
    public ReportedConfigs reportedConfigs() {
        return reported;
    }

    public String clusterId() {
        return clusterId;
    }

    /** Users, ACLs, quotas and TLS of every listener: the MQTT and HTTP listeners are handed the same. */
    public Security security() {
        return security;
    }

    /**
     * This broker's log as a protocol gateway (the MQTT listener) uses it: the same topics, storage, fsync and
     * consumer-group offsets as Kafka clients. Valid until {@link #close()}; close the gateways first.
     */
    public EventLog eventLog() {
        return eventLog;
    }

    /**
     * Share-partition state (KIP-932): what ShareFetch, ShareAcknowledge and the share-group offset APIs act on, and
     * what the group coordinator's member removals and group deletions release. Valid until {@link #close()}.
     */
    public ShareStates shareStates() {
        return shares;
    }

    /**
     * Where share groups' archived records go (KIP-1191): the {@code DeadLetters} the share coordinator is given.
     * Valid until {@link #close()}.
     */
    public DeadLetterWriter deadLetters() {
        return deadLetters;
    }

    /** Long-poll fetches parked now, waiting for data or their max.wait.ms (for tests and, later, metrics). */
    public int waitingFetches() {
        return purgatory.waiting();
    }

    /** ShareFetches parked now, waiting for records or their MaxWaitMs (for tests and, later, metrics). */
    public int waitingShareFetches() {
        return sharePurgatory.waiting();
    }

    /** Share sessions open now (for tests and, later, metrics). */
    public int shareSessions() {
        return shareSessions.size();
    }

    /**
     * Clean shutdown: stop accepting, let in-flight requests finish (bounded), then flush every log and write the
     * clean-shutdown marker so the next start skips recovery.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long startNanos = System.nanoTime();
        try {
            purgatory.completeAll();
            sharePurgatory.completeAll();
            server.close();
            if (shares != null) {
                shares.close();
            }
            transactions.close();
            groups.close();
            deadLetters.close();
            topics.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Interrupted while stopping the listener; closing storage anyway");
        }
        try {
            store.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Storage did not close cleanly; the next start will recover", e);
        }
        log.debug("Freshet broker {} stopped in {} ms", config.nodeId(), (System.nanoTime() - startNanos) / 1_000_000);
    }
}
