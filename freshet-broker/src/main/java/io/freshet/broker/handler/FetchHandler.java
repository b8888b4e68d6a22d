package io.freshet.broker.handler;

import io.freshet.broker.fetch.DelayedFetch;
import io.freshet.broker.fetch.FetchPurgatory;
import io.freshet.broker.metadata.TopicController;
import io.freshet.broker.metrics.BrokerMetrics;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.List;
import java.util.Set;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import java.util.concurrent.CompletableFuture;

/**
 * Fetch (key 1), versions 4-12: records of a set of partitions from given offsets, with long polling.
 * <ul>
 *   <li>v4: isolationLevel; lastStableOffset and abortedTransactions in the response.</li>
 *   <li>v5: logStartOffset in request and response.</li>
 *   <li>v6: same as v5.</li>
 *   <li>v7: fetch sessions (sessionId, sessionEpoch, forgottenTopicsData); top-level errorCode.</li>
 *   <li>v8: same as v7.</li>
 *   <li>v9: currentLeaderEpoch per partition.</li>
 *   <li>v10: ZSTD batches may be returned.</li>
 *   <li>v11: rackId; preferredReadReplica in the response.</li>
 *   <li>v12: flexible versions; lastFetchedEpoch; divergingEpoch, currentLeader, snapshotId in the response.</li>
 * </ul>
 * v13+ address topics by id and are not advertised yet.
 *
 * <p>Fetch sessions are declined: the response always carries {@code sessionId = 0}, which tells clients to
 * keep sending full fetch requests; a request naming a session gets FETCH_SESSION_ID_NOT_FOUND. read_committed
 * reads stop at the last stable offset and list the aborted transactions in the range, which the client drops.
 * Fetch never creates topics. Leader epochs are not checked (one broker, epoch 0 forever).
 *
 * <p>Long poll: when the first read finds fewer than {@code minBytes} and {@code maxWaitMs > 0}, the request
 * waits in the {@link FetchPurgatory} and is read again after each append to one of its partitions, or once
 * when {@code maxWaitMs} expires; every read runs on the connection's event loop.
 */
final class FetchHandler implements ApiHandler<FetchRequestData, FetchResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.FETCH, 4, 12);

    private final FetchReads reads;
    private final FetchPurgatory purgatory;
    private final int brokerMaxBytes;
    private final BrokerMetrics metrics;
    private final Authorization authorization;

    FetchHandler(TopicController topics, FetchPurgatory purgatory, int brokerMaxBytes, BrokerMetrics metrics,
                 Authorization authorization) {
        this.authorization = authorization;
        this.reads = new FetchReads(topics);
        this.purgatory = purgatory;
        this.brokerMaxBytes = brokerMaxBytes;
        this.metrics = metrics;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<FetchResponseData> handle(RequestContext context, FetchRequestData request) {
        short version = context.apiVersion();
        // sessionId 0 asks for no session (or a new one, which we decline by answering 0).
        if (version >= 7 && request.sessionId() != 0) {
            return CompletableFuture.completedFuture(new FetchResponseData()
                .setErrorCode(Errors.FETCH_SESSION_ID_NOT_FOUND.code()));
        }
        int maxBytes = Math.min(Math.max(request.maxBytes(), 0), brokerMaxBytes);
        // As Kafka: each topic needs READ; the others' partitions answer TOPIC_AUTHORIZATION_FAILED.
        Set<String> denied = authorization.deniedNames(context, AclOperation.READ, ResourceType.TOPIC,
            request.topics(), FetchRequestData.FetchTopic::topic);
        FetchReads.Result first = reads.read(request, maxBytes, version, denied);
        if (request.maxWaitMs() <= 0 || first.bytes() >= request.minBytes() || first.hasError()
            || first.partitions().isEmpty()) {
            return CompletableFuture.completedFuture(sent(first.response()));
        }
        CompletableFuture<FetchResponseData> result = new CompletableFuture<>();
        List<TopicPartition> partitions = first.partitions();
        DelayedFetch.park(partitions, request.maxWaitMs(), context.eventLoop(), purgatory, force -> {
            FetchReads.Result again = reads.read(request, maxBytes, version, denied);
            if (force || again.bytes() >= request.minBytes() || again.hasError()) {
                result.complete(sent(again.response()));
                return true;
            }
            return false;
        });
        return result;
    }

    /** The response that goes out: its bytes count as the topics' bytes out (attempts not sent do not). */
    private FetchResponseData sent(FetchResponseData response) {
        if (!metrics.isEnabled()) {
            return response;
        }
        for (FetchResponseData.FetchableTopicResponse topic : response.responses()) {
            long bytes = 0;
            for (FetchResponseData.PartitionData partition : topic.partitions()) {
                bytes += partition.records().sizeInBytes();
            }
            if (bytes > 0) {
                metrics.topic(topic.topic()).fetched(bytes);
            }
        }
        return response;
    }
}
