package io.freshet.broker.handler;

import io.freshet.storage.log.LogStore;
import io.freshet.storage.log.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeLogDirs (key 35), versions 1-4 (Kafka 4.0 removed v0): the one data directory, with the size of each
 * partition's log ({@code kafka-log-dirs.sh}, Admin's {@code describeLogDirs}).
 * <ul>
 *   <li>v1: same as v0.</li>
 *   <li>v2: flexible versions.</li>
 *   <li>v3: a top-level error code.</li>
 *   <li>v4: the directory's totalBytes and usableBytes (KIP-827).</li>
 * </ul>
 * A null topic list asks for every partition, internal ones included. The directory's error is
 * KAFKA_STORAGE_ERROR while any of its partitions has had a storage failure (writes refused until a restart); its
 * partitions are listed all the same. Offsets lag and future replicas do not exist on one node: 0 and false.
 * A memory topic's partition ({@code freshet.storage=memory}) is listed in the same directory with the bytes of
 * record batches its ring holds in memory (its only file, the offset ceiling, is not counted).
 * Only in-memory figures are read (segment sizes, the store's free-space estimate), so it runs on the event loop.
 */
final class DescribeLogDirsHandler implements ApiHandler<DescribeLogDirsRequestData, DescribeLogDirsResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.DESCRIBE_LOG_DIRS, 1, 4);

    private final LogStore store;
    private final Authorization authorization;

    DescribeLogDirsHandler(LogStore store, Authorization authorization) {
        this.store = store;
        this.authorization = authorization;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<DescribeLogDirsResponseData> handle(RequestContext context,
                                                                 DescribeLogDirsRequestData request) {
        // As Kafka: DESCRIBE on the cluster, else the request's error response (CLUSTER_AUTHORIZATION_FAILED).
        authorization.requireCluster(context, org.apache.kafka.common.acl.AclOperation.DESCRIBE);
        Set<TopicPartition> failed = store.failedPartitions();
        DescribeLogDirsResult dir = new DescribeLogDirsResult()
            .setLogDir(store.dataDir().toAbsolutePath().toString())
            .setErrorCode(failed.isEmpty() ? Errors.NONE.code() : Errors.KAFKA_STORAGE_ERROR.code())
            .setTopics(topics(request))
            .setTotalBytes(store.totalBytes())
            .setUsableBytes(Math.max(0, store.usableBytes()));
        return CompletableFuture.completedFuture(new DescribeLogDirsResponseData().setResults(List.of(dir)));
    }

    private List<DescribeLogDirsTopic> topics(DescribeLogDirsRequestData request) {
        Map<String, List<DescribeLogDirsPartition>> byTopic = new TreeMap<>();
        for (PartitionLog log : store.logs()) {
            TopicPartition tp = log.topicPartition();
            if (requested(request, tp)) {
                byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(new DescribeLogDirsPartition()
                    .setPartitionIndex(tp.partition()).setPartitionSize(log.sizeInBytes()).setOffsetLag(0)
                    .setIsFutureKey(false));
            }
        }
        List<DescribeLogDirsTopic> topics = new ArrayList<>();
        byTopic.forEach((name, partitions) -> {
            partitions.sort((a, b) -> Integer.compare(a.partitionIndex(), b.partitionIndex()));
            topics.add(new DescribeLogDirsTopic().setName(name).setPartitions(partitions));
        });
        return topics;
    }

    private static boolean requested(DescribeLogDirsRequestData request, TopicPartition tp) {
        if (request.topics() == null) {
            return true;
        }
        DescribeLogDirsRequestData.DescribableLogDirTopic topic = request.topics().find(tp.topic());
        return topic != null && topic.partitions().contains(tp.partition());
    }
}
