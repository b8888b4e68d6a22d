package io.freshet.broker.handler;

import io.freshet.broker.metadata.TopicController;
import io.freshet.broker.metadata.TopicMetadata;
import io.freshet.broker.metadata.TopicNames;
import io.freshet.broker.metrics.BrokerMetrics;
import io.freshet.broker.metrics.TopicTraffic;
import io.freshet.storage.log.AppendResult;
import io.freshet.storage.log.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Produce (key 0), advertised 0-12, served 3-12: appends one record batch per partition.
 * <ul>
 *   <li>v0-2: advertised only because librdkafka turns compression off when the minimum is above 0
 *       (KAFKA-18659); kafka-clients 4.x cannot decode them, so such a request closes the connection.</li>
 *   <li>v3: transactionalId; exactly one v2 record batch per partition.</li>
 *   <li>v4: same as v3 (new error code KAFKA_STORAGE_ERROR).</li>
 *   <li>v5: logStartOffset in the response.</li>
 *   <li>v6: same as v5.</li>
 *   <li>v7: ZSTD batches allowed.</li>
 *   <li>v8: recordErrors and errorMessage in the response.</li>
 *   <li>v9: flexible versions.</li>
 *   <li>v10: currentLeader and nodeEndpoints (tagged, for NOT_LEADER errors; never needed on one node).</li>
 *   <li>v11: new error code TRANSACTION_ABORTABLE (KIP-890).</li>
 *   <li>v12: same as v11; under transactions v2 it would also add the partition to the transaction
 *       (Freshet serves transactions v1 only: the producer adds partitions with AddPartitionsToTxn first).</li>
 * </ul>
 * v13 addresses topics by id and is not advertised yet.
 *
 * <p>Each partition succeeds or fails alone: an unknown topic is auto-created when the broker allows it, the
 * records are checked (one batch, sizes add up) and appended; a rejected partition appends nothing. acks=1 is
 * answered after the append (page cache), acks=all after {@link PartitionLog#awaitDurable} (fsync, shared
 * between concurrent appends); acks=0 gets no response, and a failure closes the connection as in Kafka.
 *
 * <p>Ordering: appends of one connection happen in request order even when one must wait for a topic to be
 * created ({@link ConnectionState#appendTail()}); the append itself runs on the event loop, never the fsync.
 */
final class ProduceHandler implements ApiHandler<ProduceRequestData, ProduceResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.PRODUCE, 0, 12);

    private final TopicController topics;
    private final BrokerMetrics metrics;
    private final Authorization authorization;

    ProduceHandler(TopicController topics, BrokerMetrics metrics, Authorization authorization) {
        this.topics = topics;
        this.metrics = metrics;
        this.authorization = authorization;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<ProduceResponseData> handle(RequestContext context, ProduceRequestData request) {
        short acks = request.acks();
        if (acks != 0 && acks != 1 && acks != -1) {
            return CompletableFuture.completedFuture(allFailed(request, Errors.INVALID_REQUIRED_ACKS));
        }
        // As Kafka: a transactional produce needs WRITE on its transactional id (else every partition fails),
        // each topic WRITE (else its partitions fail, and it is not auto-created).
        if (request.transactionalId() != null && !authorization.allowed(context, AclOperation.WRITE,
            ResourceType.TRANSACTIONAL_ID, request.transactionalId())) {
            return CompletableFuture.completedFuture(
                acks == 0 ? null : allFailed(request, Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED));
        }
        Set<String> denied = authorization.deniedNames(context, AclOperation.WRITE, ResourceType.TOPIC,
            request.topicData(), ProduceRequestData.TopicProduceData::name);
        Map<String, CompletableFuture<TopicMetadata>> creations = new HashMap<>();
        List<CompletableFuture<?>> gates = new ArrayList<>();
        gates.add(context.connection().appendTail());
        for (ProduceRequestData.TopicProduceData topic : request.topicData()) {
            if (!denied.contains(topic.name()) && topics.image().topic(topic.name()).isEmpty()
                && TopicNames.isValid(topic.name()) && authorization.mayCreateTopic(context, topic.name())) {
                CompletableFuture<TopicMetadata> creation = topics.autoCreate(topic.name());
                creations.put(topic.name(), creation);
                gates.add(creation.handle((t, e) -> null));
            }
        }
        CompletableFuture<Void> gate = CompletableFuture.allOf(gates.toArray(CompletableFuture[]::new));
        CompletableFuture<List<PartitionAppend>> appended = gate.isDone()
            ? CompletableFuture.completedFuture(appendAll(request, creations, denied))
            : gate.thenApplyAsync(ignored -> appendAll(request, creations, denied), context.eventLoop());
        context.connection().appendTail(appended.handle((r, e) -> null));
        return appended.thenCompose(list -> respond(list, acks, context.apiVersion()));
    }

    /** One partition's outcome: the append result, completed when acks are satisfied. */
    private record PartitionAppend(String topic, int partition, CompletableFuture<PartitionProduceResponse> result) {
    }

    private List<PartitionAppend> appendAll(ProduceRequestData request,
                                            Map<String, CompletableFuture<TopicMetadata>> creations,
                                            Set<String> denied) {
        List<PartitionAppend> appends = new ArrayList<>();
        for (ProduceRequestData.TopicProduceData topic : request.topicData()) {
            TopicTraffic traffic = null; // looked up once per topic, on its first appended batch
            for (ProduceRequestData.PartitionProduceData partition : topic.partitionData()) {
                TopicPartition tp = new TopicPartition(topic.name(), partition.index());
                CompletableFuture<PartitionProduceResponse> result;
                try {
                    if (denied.contains(topic.name())) {
                        throw new TopicAuthorizationException(Set.of(topic.name()));
                    }
                    PartitionLog log = partitionLog(tp, creations.get(topic.name()));
                    MemoryRecords records = singleBatch(tp, partition);
                    AppendResult appendResult = log.append(records);
                    if (traffic == null) {
                        traffic = metrics.topic(topic.name());
                    }
                    traffic.appended(appendResult.lastOffset() - appendResult.firstOffset() + 1,
                        records.sizeInBytes());
                    result = durable(log, appendResult, request.acks())
                        .thenApply(ignored -> success(partition.index(), appendResult));
                } catch (RuntimeException e) {
                    result = CompletableFuture.completedFuture(failure(partition.index(), e, tp));
                }
                appends.add(new PartitionAppend(topic.name(), partition.index(), result
                    .exceptionally(e -> failure(partition.index(), e, tp))));
            }
        }
        return appends;
    }

    private PartitionLog partitionLog(TopicPartition tp, CompletableFuture<TopicMetadata> creation) {
        if (!TopicNames.isValid(tp.topic())) {
            throw new InvalidTopicException("Topic name '" + tp.topic() + "' is illegal");
        }
        if (creation != null && creation.isCompletedExceptionally()) {
            creation.join(); // rethrows why the topic could not be created (for example auto-create disabled)
        }
        Optional<PartitionLog> log = topics.log(tp);
        return log.orElseThrow(() -> new UnknownTopicOrPartitionException("Partition " + tp + " does not exist"));
    }

    /** Produce v3+ carries exactly one batch per partition, and its bytes must be exactly that batch. */
    private static MemoryRecords singleBatch(TopicPartition tp, ProduceRequestData.PartitionProduceData partition) {
        if (!(partition.records() instanceof MemoryRecords records)) {
            throw new InvalidRecordException("Produce request for " + tp + " has no records");
        }
        int batches = 0;
        int bytes = 0;
        for (MutableRecordBatch batch : records.batches()) {
            batches++;
            bytes += batch.sizeInBytes();
        }
        if (batches != 1) {
            throw new InvalidRecordException("Produce requests with version 3 or above must have exactly one "
                + "record batch per partition; " + tp + " has " + batches);
        }
        if (bytes != records.sizeInBytes()) {
            throw new CorruptRecordException("Records for " + tp + " have " + (records.sizeInBytes() - bytes)
                + " trailing bytes after the batch");
        }
        return records;
    }

    private static CompletableFuture<Void> durable(PartitionLog log, AppendResult result, short acks) {
        return acks == -1 ? log.awaitDurable(result.lastOffset()) : CompletableFuture.completedFuture(null);
    }

    private static PartitionProduceResponse success(int partition, AppendResult result) {
        return new PartitionProduceResponse()
            .setIndex(partition)
            .setBaseOffset(result.firstOffset())
            .setLogAppendTimeMs(result.logAppendTimeMs())
            .setLogStartOffset(result.logStartOffset());
    }

    private static PartitionProduceResponse failure(int partition, Throwable t, TopicPartition tp) {
        Errors error = ErrorMapper.toError(t, tp);
        return new PartitionProduceResponse()
            .setIndex(partition)
            .setErrorCode(error.code())
            .setBaseOffset(-1)
            .setErrorMessage(ErrorMapper.message(t, error));
    }

    private static CompletableFuture<ProduceResponseData> respond(List<PartitionAppend> appends, short acks,
                                                                 short version) {
        CompletableFuture<?>[] all = appends.stream().map(PartitionAppend::result).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all).thenApply(ignored -> {
            ProduceResponseData response = new ProduceResponseData();
            for (PartitionAppend append : appends) {
                PartitionProduceResponse partition = append.result().join();
                if (acks == 0 && partition.errorCode() != Errors.NONE.code()) {
                    throw new CloseConnectionException("acks=0 produce to " + append.topic() + "-"
                        + append.partition() + " failed with " + Errors.forCode(partition.errorCode()));
                }
                if (version < 8) {
                    partition.setErrorMessage(null);
                }
                topicResponse(response, append.topic()).partitionResponses().add(partition);
            }
            return acks == 0 ? null : response;
        });
    }

    private static ProduceResponseData.TopicProduceResponse topicResponse(ProduceResponseData response, String name) {
        ProduceResponseData.TopicProduceResponse topic = response.responses().find(name, org.apache.kafka.common.Uuid.ZERO_UUID);
        if (topic == null) {
            topic = new ProduceResponseData.TopicProduceResponse().setName(name);
            response.responses().add(topic);
        }
        return topic;
    }

    private static ProduceResponseData allFailed(ProduceRequestData request, Errors error) {
        ProduceResponseData response = new ProduceResponseData();
        for (ProduceRequestData.TopicProduceData topic : request.topicData()) {
            ProduceResponseData.TopicProduceResponse topicResponse = topicResponse(response, topic.name());
            for (ProduceRequestData.PartitionProduceData partition : topic.partitionData()) {
                topicResponse.partitionResponses().add(new PartitionProduceResponse()
                    .setIndex(partition.index()).setErrorCode(error.code()).setBaseOffset(-1));
            }
        }
        return response;
    }
}
