package io.freshet.coordinator.txn;

import io.freshet.coordinator.runtime.FakeTopics;
import io.freshet.storage.testing.ManualClock;
import io.freshet.coordinator.group.GroupConfig;
import io.freshet.coordinator.group.GroupCoordinator;
import io.freshet.coordinator.runtime.ClientInfo;
import io.freshet.coordinator.runtime.ScriptedStateLog;
import io.freshet.storage.file.StorageIo;
import io.freshet.storage.log.AppendListener;
import io.freshet.storage.log.LogConfig;
import io.freshet.storage.log.LogStore;
import io.freshet.storage.log.LogStoreConfig;
import io.freshet.storage.log.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.Time;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A transaction coordinator and a group coordinator on real storage in a temporary directory, with topics whose
 * partition logs exist, requests as the Java producer sends them, and one manual clock for both coordinators.
 * The transaction coordinator's own log may be a {@link ScriptedStateLog} that fails writes on demand.
 */
final class TxnFixture implements AutoCloseable {

    static final Map<String, Integer> TOPICS = Map.of("orders", 2, "payments", 1);
    static final short V = 3;

    final ManualClock clock = new ManualClock();
    /** The topics, the same across restarts (KIP-848 members name them by id). */
    final FakeTopics topics = new FakeTopics();

    {
        TOPICS.forEach(topics::create);
    }
    private final Path dir;
    private final TransactionConfig config;
    /** The file layer of the log store: a fault-injecting one in disk-fault tests. */
    private StorageIo io = StorageIo.SYSTEM;
    /** The transaction coordinator's log when scripted; null for __transaction_state-0 on the log store. */
    private ScriptedStateLog scripted;
    LogStore store;
    GroupCoordinator groups;
    TransactionCoordinator txn;

    TxnFixture(Path dir, TransactionConfig config, GroupOffsetsCompletion completion) throws Exception {
        this.dir = dir;
        this.config = config;
        open(completion);
    }

    /** The transaction coordinator on {@code stateLog} (markers, groups and producer ids on the log store). */
    TxnFixture(Path dir, TransactionConfig config, ScriptedStateLog stateLog) throws Exception {
        this.dir = dir;
        this.config = config;
        this.scripted = stateLog;
        open(null);
    }

    TxnFixture(Path dir, TransactionConfig config) throws Exception {
        this(dir, config, (GroupOffsetsCompletion) null);
    }

    /** Everything on a log store whose file operations go through {@code io} (e.g. a FaultyStorageIo). */
    TxnFixture(Path dir, TransactionConfig config, StorageIo io) throws Exception {
        this.dir = dir;
        this.config = config;
        this.io = io;
        open(null);
    }

    static TransactionConfig config(long abortCheckIntervalMs) {
        TransactionConfig d = TransactionConfig.defaults();
        return new TransactionConfig(d.maxTimeoutMs(), abortCheckIntervalMs, d.idExpirationMs(), 100,
            d.checkpointBytes());
    }

    /** @param completion how offsets are completed; null for the real group coordinator */
    private void open(GroupOffsetsCompletion completion) throws Exception {
        store = LogStore.open(dir, AppendListener.NONE, Time.SYSTEM, LogStoreConfig.defaults().withStorageIo(io));
        TOPICS.forEach((topic, count) -> {
            for (int p = 0; p < count; p++) {
                store.openLog(new TopicPartition(topic, p), LogConfig.defaults());
            }
        });
        groups = GroupCoordinator.start(store, topics, GroupConfig.defaults(), clock);
        GroupOffsetsCompletion offsets = completion != null ? completion : groups::completeTransaction;
        txn = scripted == null
            ? TransactionCoordinator.start(store, topics, config, offsets, clock)
            : TransactionCoordinator.start(scripted, new MarkerWriter(store::log), store.producerIds()::nextProducerId,
                topics, config, offsets, clock);
    }

    /** Stops and starts again on the same directory (a scripted log keeps only its durable records). */
    void restart(GroupOffsetsCompletion completion) throws Exception {
        close();
        if (scripted != null) {
            scripted = scripted.afterCrash();
        }
        open(completion);
    }

    /** Moves the clock and runs both coordinators' timers that became due, after the requests sent before. */
    void advance(long ms) throws Exception {
        get(txn.runDueTimers());
        get(groups.runDueTimers());
        clock.advance(ms);
        get(txn.runDueTimers());
        get(groups.runDueTimers());
    }

    @Override
    public void close() throws Exception {
        txn.close();
        groups.close();
        store.close();
    }

    PartitionLog log(String topic, int partition) {
        return store.log(new TopicPartition(topic, partition)).orElseThrow();
    }

    static ClientInfo client(short version) {
        return new ClientInfo("txn-test", "/127.0.0.1", version);
    }

    static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    InitProducerIdResponseData init(String id, int timeoutMs) throws Exception {
        return get(txn.initProducerId(client((short) 4), new InitProducerIdRequestData().setTransactionalId(id)
            .setTransactionTimeoutMs(timeoutMs).setProducerId(-1).setProducerEpoch((short) -1)));
    }

    /** The error of each partition, "topic-partition" -> error. */
    Map<String, Errors> addPartitions(String id, long pid, short epoch, short version, String topic,
                                      int... partitions) throws Exception {
        AddPartitionsToTxnRequestData request = new AddPartitionsToTxnRequestData().setV3AndBelowTransactionalId(id)
            .setV3AndBelowProducerId(pid).setV3AndBelowProducerEpoch(epoch);
        AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic t =
            new AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic().setName(topic);
        for (int p : partitions) {
            t.partitions().add(p);
        }
        request.v3AndBelowTopics().add(t);
        AddPartitionsToTxnResponseData response = get(txn.addPartitionsToTxn(client(version), request));
        Map<String, Errors> out = new TreeMap<>();
        response.resultsByTopicV3AndBelow().forEach(r -> r.resultsByPartition().forEach(p ->
            out.put(r.name() + "-" + p.partitionIndex(), Errors.forCode(p.partitionErrorCode()))));
        return out;
    }

    Errors addOffsets(String id, long pid, short epoch, String group) throws Exception {
        return Errors.forCode(get(txn.addOffsetsToTxn(client(V), new AddOffsetsToTxnRequestData()
            .setTransactionalId(id).setProducerId(pid).setProducerEpoch(epoch).setGroupId(group))).errorCode());
    }

    CompletableFuture<Errors> endTxnAsync(String id, long pid, short epoch, boolean commit) {
        return txn.endTxn(client(V), new EndTxnRequestData().setTransactionalId(id).setProducerId(pid)
            .setProducerEpoch(epoch).setCommitted(commit)).thenApply(r -> Errors.forCode(r.errorCode()));
    }

    Errors endTxn(String id, long pid, short epoch, boolean commit) throws Exception {
        return get(endTxnAsync(id, pid, epoch, commit));
    }

    /** DescribeTransactions of one id. */
    DescribeTransactionsResponseData.TransactionState describe(String id) throws Exception {
        return get(txn.describeTransactions(client((short) 0),
            new DescribeTransactionsRequestData().setTransactionalIds(List.of(id)))).transactionStates().get(0);
    }

    /** Appends a transactional batch as the producer would; returns its last offset. */
    long produce(String topic, int partition, long pid, short epoch, int sequence, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(System.currentTimeMillis(), null,
                values[i].getBytes(StandardCharsets.UTF_8));
        }
        return log(topic, partition).append(MemoryRecords.withTransactionalRecords(Compression.NONE, pid, epoch,
            sequence, records)).lastOffset();
    }

    Errors txnOffsetCommit(String id, String group, long pid, short epoch, String topic, int partition, long offset)
        throws Exception {
        return txnOffsetCommit(id, group, "", -1, pid, epoch, topic, partition, offset);
    }

    /** With the member fields of v3+ (KIP-447): the consumer's member id and generation. */
    Errors txnOffsetCommit(String id, String group, String memberId, int generation, long pid, short epoch,
                           String topic, int partition, long offset) throws Exception {
        TxnOffsetCommitRequestData request = new TxnOffsetCommitRequestData().setTransactionalId(id)
            .setGroupId(group).setProducerId(pid).setProducerEpoch(epoch).setGenerationIdOrMemberEpoch(generation)
            .setMemberId(memberId);
        request.topics().add(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic().setName(topic)
            .setPartitions(List.of(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition()
                .setPartitionIndex(partition).setCommittedOffset(offset).setCommittedLeaderEpoch(-1))));
        TxnOffsetCommitResponseData response = get(groups.txnOffsetCommit(client(V), request));
        return Errors.forCode(response.topics().get(0).partitions().get(0).errorCode());
    }

    /** OffsetFetch v8 of one partition: {offset, error}. */
    long[] fetchOffset(String group, String topic, int partition, boolean requireStable) throws Exception {
        OffsetFetchRequestData request = new OffsetFetchRequestData().setRequireStable(requireStable);
        request.groups().add(new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(group)
            .setTopics(new ArrayList<>(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics().setName(topic)
                .setPartitionIndexes(List.of(partition))))));
        OffsetFetchResponseData response = get(groups.offsetFetch(client((short) 8), request));
        OffsetFetchResponseData.OffsetFetchResponsePartitions p =
            response.groups().get(0).topics().get(0).partitions().get(0);
        return new long[] {p.committedOffset(), p.errorCode()};
    }

}
