package io.freshet.broker.handler;

import io.freshet.broker.fetch.DelayedShareFetch;
import io.freshet.broker.share.SessionPartition;
import io.freshet.broker.share.ShareServices;
import io.freshet.broker.share.ShareSessionKey;
import io.freshet.broker.share.ShareSessions;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.message.ShareFetchRequestData;
import org.apache.kafka.common.message.ShareFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ShareFetch (key 78), versions 1-2: a share-group member's acknowledgements and its next records (KIP-932).
 * <ul>
 *   <li>v1: share sessions by epoch (0 opens with the full partition list, -1 closes, others add partitions and
 *       forget ForgottenTopicsData), piggybacked AcknowledgementBatches, MaxRecords and BatchSize;
 *       AcquiredRecords and AcquisitionLockTimeoutMs in the response.</li>
 *   <li>v2: ShareAcquireMode (0 batch_optimized: whole batches, MaxRecords is a soft limit; 1 record_limit: never
 *       more than MaxRecords), IsRenewAck (KIP-1222: a request that renews locks fetches nothing, and its MaxBytes,
 *       MinBytes, MaxRecords and MaxWaitMs must be 0, else INVALID_REQUEST as on Kafka 4.4), RENEW (type 4).</li>
 * </ul>
 *
 * <p>A request goes: session step (errors are the request's: SHARE_SESSION_NOT_FOUND, INVALID_SHARE_SESSION_EPOCH,
 * SHARE_SESSION_LIMIT_REACHED, INVALID_REQUEST for acknowledgements on epoch 0) -> acknowledgements queued on the
 * share coordinator (AcknowledgeErrorCode per partition, answered once durable) -> epoch -1: once they are applied
 * the session ends and the member's records are released; otherwise records acquired from the session's partitions
 * (queued after the acknowledgements, as Kafka runs both at once), one after the other within MaxRecords / MaxBytes.
 * When
 * nothing was acquired the request waits up to MaxWaitMs in the {@code ShareFetchPurgatory} and tries again on
 * each append to one of its partitions or when the share coordinator reports records available again. An answer
 * holds whatever was acquired once at least MinBytes were (a waiting request keeps what it acquired and adds to it).
 * BatchSize is accepted and not used: acquired ranges follow the log's batches.
 *
 * <p>Kafka 4.4 serves a member id the group coordinator does not know (checked on a 4.4 broker); so does Freshet
 * unless the broker is given a stricter {@code ShareMemberCheck}.
 */
final class ShareFetchHandler implements ApiHandler<ShareFetchRequestData, ShareFetchResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.SHARE_FETCH, 1, 2);
    /** KafkaShareConsumer's default max.poll.records, for a request that names no MaxRecords. */
    private static final int DEFAULT_MAX_RECORDS = 500;
    private static final byte RECORD_LIMIT_MODE = 1;
    private static final int FINAL_EPOCH = -1;
    /** Member ids are UUIDs (KIP-1082): Kafka refuses longer ones. */
    private static final int MAX_MEMBER_ID_LENGTH = 36;

    private final ShareServices services;
    private final SharePartitionLookup lookup;
    private final ShareAcks acks;
    private final ShareAcquisition acquisition;
    private final AtomicInteger passes = new AtomicInteger();

    private final Authorization authorization;

    ShareFetchHandler(ShareServices services, Authorization authorization) {
        this.services = services;
        this.authorization = authorization;
        this.lookup = new SharePartitionLookup(services.topics());
        this.acks = new ShareAcks(lookup, services.states());
        this.acquisition = new ShareAcquisition(lookup, services.states(), services.reader());
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<ShareFetchResponseData> handle(RequestContext context, ShareFetchRequestData request) {
        // READ on the group and on each topic (Freshet refuses the whole request where Kafka refuses per partition).
        var denied = authorization.shareAccess(context, request.groupId(), request.topics().stream()
            .map(t -> services.topics().image().topic(t.topicId())).flatMap(java.util.Optional::stream)
            .map(io.freshet.broker.metadata.TopicMetadata::name));
        if (denied != null) {
            return CompletableFuture.completedFuture(errorResponse(denied));
        }
        ShareSessionKey key = new ShareSessionKey(request.groupId(), request.memberId());
        Map<SessionPartition, List<ShareAcks.Batch>> acknowledgements = acknowledgements(request);
        ShareSessions.Step step;
        try {
            step = sessionStep(context, request, key, acknowledgements);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(errorResponse(e));
        }
        ShareFetchAnswer answer = new ShareFetchAnswer(services.nodeId(), lockDurationMs(key.groupId()));
        // The acknowledgements are queued on the share coordinator before the first acquisition, so it sees them;
        // both then wait for their writes together (one group commit) instead of one after the other.
        CompletableFuture<Map<SessionPartition, Errors>> acknowledged =
            acks.apply(key.groupId(), key.memberId(), acknowledgements, context.apiVersion());
        if (step == null) {
            return acknowledged.thenCompose(ackErrors -> {
                ackErrors.forEach(answer::acknowledged);
                return closeSession(key, answer);
            });
        }
        CompletableFuture<ShareFetchAnswer> fetched = request.isRenewAck()
            ? CompletableFuture.completedFuture(answer)
            : fetch(context, request, key, step.partitions(), answer);
        return acknowledged.thenCombine(fetched, (ackErrors, done) -> {
            ackErrors.forEach(done::acknowledged);
            return done.toResponse();
        });
    }

    /** The request's session step; null for epoch -1, whose session ends once its acknowledgements are applied. */
    private ShareSessions.Step sessionStep(RequestContext context, ShareFetchRequestData request, ShareSessionKey key,
                                           Map<SessionPartition, List<ShareAcks.Batch>> acknowledgements) {
        if (isBlank(key.groupId()) || isBlank(key.memberId()) || key.memberId().length() > MAX_MEMBER_ID_LENGTH) {
            throw new InvalidRequestException("ShareFetch needs a group id and a member id of at most "
                + MAX_MEMBER_ID_LENGTH + " characters");
        }
        if (request.isRenewAck() && (request.maxBytes() != 0 || request.minBytes() != 0
            || request.maxRecords() != 0 || request.maxWaitMs() != 0)) {
            throw new InvalidRequestException("A ShareFetch that renews locks fetches nothing: MaxBytes, MinBytes, "
                + "MaxRecords and MaxWaitMs must be 0");
        }
        int epoch = request.shareSessionEpoch();
        if (epoch == FINAL_EPOCH) {
            services.sessions().checkExists(key);
            return null;
        }
        if (!services.membership().isMember(key.groupId(), key.memberId())) {
            throw new UnknownMemberIdException("Member " + key.memberId() + " is not in share group " + key.groupId());
        }
        List<SessionPartition> named = named(request);
        if (epoch == 0) {
            if (!acknowledgements.isEmpty()) {
                throw new InvalidRequestException("A ShareFetch that opens a share session cannot acknowledge");
            }
            ShareSessions.Step step = services.sessions().open(key, named, context.connection());
            context.connection().onClose(services.sessions(), () -> onConnectionClosed(context));
            return step;
        }
        return services.sessions().next(key, epoch, named, forgotten(request));
    }

    /** Acquires now, or waits up to MaxWaitMs for something to acquire; completes with the filled answer. */
    private CompletableFuture<ShareFetchAnswer> fetch(RequestContext context, ShareFetchRequestData request,
                                                      ShareSessionKey key, List<SessionPartition> partitions,
                                                      ShareFetchAnswer answer) {
        CompletableFuture<ShareFetchAnswer> result = new CompletableFuture<>();
        ShareAcquisition.Limits limits = limits(request, context.apiVersion());
        int minBytes = request.minBytes();
        DelayedShareFetch.start(key.groupId(), watched(partitions), request.maxWaitMs(), context.eventLoop(),
            services.purgatory(), force -> acquisition.acquire(key.groupId(), key.memberId(), partitions,
                    passes.getAndIncrement(), limits, answer,
                    () -> services.sessions().isOpenOn(key, context.connection()))
                .handle((ignored, failure) -> {
                    boolean enough = answer.records() > 0 && answer.bytes() >= minBytes;
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else if (force || enough || answer.hasErrors()) {
                        result.complete(answer);
                    } else {
                        return false;
                    }
                    return true;
                }));
        return result;
    }

    private ShareAcquisition.Limits limits(ShareFetchRequestData request, short version) {
        int maxBytes = request.maxBytes() > 0 ? Math.min(request.maxBytes(), services.fetchMaxBytes())
            : services.fetchMaxBytes();
        int maxRecords = request.maxRecords() > 0 ? request.maxRecords() : DEFAULT_MAX_RECORDS;
        boolean recordLimit = version >= 2 && request.shareAcquireMode() == RECORD_LIMIT_MODE;
        return new ShareAcquisition.Limits(maxRecords, maxBytes, recordLimit);
    }

    /** Epoch -1: the session ends and every record the member still holds becomes available to the others. */
    private CompletableFuture<ShareFetchResponseData> closeSession(ShareSessionKey key, ShareFetchAnswer answer) {
        services.sessions().close(key);
        return services.states().releaseMember(key.groupId(), key.memberId())
            .handle((ignored, failure) -> {
                if (failure != null) {
                    ErrorMapper.toError(failure, "releasing the records of " + key);
                }
                return answer.toResponse();
            });
    }

    /** The sessions this connection opened end with it, and their members' records come back (as Kafka 4.4 does). */
    private void onConnectionClosed(RequestContext context) {
        for (ShareSessionKey ended : services.sessions().connectionClosed(context.connection())) {
            services.states().releaseMember(ended.groupId(), ended.memberId())
                .whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        ErrorMapper.toError(failure, "releasing the records of " + ended);
                    }
                });
        }
    }

    private List<TopicPartition> watched(List<SessionPartition> partitions) {
        List<TopicPartition> watched = new ArrayList<>(partitions.size());
        for (SessionPartition partition : partitions) {
            try {
                watched.add(lookup.resolve(partition));
            } catch (RuntimeException unknown) {
                // answered with its error by the first attempt
            }
        }
        return watched;
    }

    private int lockDurationMs(String groupId) {
        return services.settings().settings(groupId).recordLockDurationMs();
    }

    private static Map<SessionPartition, List<ShareAcks.Batch>> acknowledgements(ShareFetchRequestData request) {
        Map<SessionPartition, List<ShareAcks.Batch>> acks = new LinkedHashMap<>();
        for (ShareFetchRequestData.FetchTopic topic : request.topics()) {
            for (ShareFetchRequestData.FetchPartition partition : topic.partitions()) {
                if (!partition.acknowledgementBatches().isEmpty()) {
                    List<ShareAcks.Batch> batches = new ArrayList<>();
                    for (ShareFetchRequestData.AcknowledgementBatch batch : partition.acknowledgementBatches()) {
                        batches.add(new ShareAcks.Batch(batch.firstOffset(), batch.lastOffset(),
                            batch.acknowledgeTypes()));
                    }
                    acks.put(new SessionPartition(topic.topicId(), partition.partitionIndex()), batches);
                }
            }
        }
        return acks;
    }

    private static List<SessionPartition> named(ShareFetchRequestData request) {
        List<SessionPartition> named = new ArrayList<>();
        for (ShareFetchRequestData.FetchTopic topic : request.topics()) {
            for (ShareFetchRequestData.FetchPartition partition : topic.partitions()) {
                named.add(new SessionPartition(topic.topicId(), partition.partitionIndex()));
            }
        }
        return named;
    }

    private static List<SessionPartition> forgotten(ShareFetchRequestData request) {
        List<SessionPartition> forgotten = new ArrayList<>();
        for (ShareFetchRequestData.ForgottenTopic topic : request.forgottenTopicsData()) {
            for (int partition : topic.partitions()) {
                forgotten.add(new SessionPartition(topic.topicId(), partition));
            }
        }
        return forgotten;
    }

    private static ShareFetchResponseData errorResponse(Throwable failure) {
        Errors error = ErrorMapper.toError(failure, "a ShareFetch");
        return new ShareFetchResponseData().setErrorCode(error.code())
            .setErrorMessage(ErrorMapper.message(failure, error));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isEmpty();
    }
}
