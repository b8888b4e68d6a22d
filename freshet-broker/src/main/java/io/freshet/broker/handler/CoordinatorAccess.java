package io.freshet.broker.handler;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.ShareGroupDescribeRequestData;
import org.apache.kafka.common.message.ShareGroupDescribeResponseData;
import org.apache.kafka.common.message.ShareGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ShareGroupHeartbeatResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The authorization checks of the APIs the group and transaction coordinators answer, as Kafka's KafkaApis makes
 * them before calling its coordinators: each a {@link GroupApiHandler.Gate} that refuses the whole request (READ on
 * the group for membership, WRITE on the transactional id) or narrows it to what the client may touch and adds the
 * refused groups, topics or partitions to the coordinator's answer with their authorization error.
 */
final class CoordinatorAccess {

    private final Authorization auth;

    CoordinatorAccess(Authorization auth) {
        this.auth = auth;
    }

    // ---- classic group membership: READ on the group ----

    GroupApiHandler.Gate<JoinGroupRequestData, JoinGroupResponseData> joinGroup() {
        return (c, q, next) -> {
            auth.requireGroup(c, AclOperation.READ, q.groupId());
            return next.apply(q);
        };
    }

    GroupApiHandler.Gate<SyncGroupRequestData, SyncGroupResponseData> syncGroup() {
        return (c, q, next) -> {
            auth.requireGroup(c, AclOperation.READ, q.groupId());
            return next.apply(q);
        };
    }

    GroupApiHandler.Gate<HeartbeatRequestData, HeartbeatResponseData> heartbeat() {
        return (c, q, next) -> {
            auth.requireGroup(c, AclOperation.READ, q.groupId());
            return next.apply(q);
        };
    }

    GroupApiHandler.Gate<LeaveGroupRequestData, LeaveGroupResponseData> leaveGroup() {
        return (c, q, next) -> {
            auth.requireGroup(c, AclOperation.READ, q.groupId());
            return next.apply(q);
        };
    }

    // ---- offsets ----

    /** READ on the group; each topic READ, else its partitions TOPIC_AUTHORIZATION_FAILED (the rest committed). */
    GroupApiHandler.Gate<OffsetCommitRequestData, OffsetCommitResponseData> offsetCommit() {
        return (c, q, next) -> {
            auth.requireGroup(c, AclOperation.READ, q.groupId());
            Set<String> denied = auth.deniedNames(c, AclOperation.READ, ResourceType.TOPIC, q.topics(),
                OffsetCommitRequestData.OffsetCommitRequestTopic::name);
            if (denied.isEmpty()) {
                return next.apply(q);
            }
            List<OffsetCommitRequestData.OffsetCommitRequestTopic> refused = new ArrayList<>();
            List<OffsetCommitRequestData.OffsetCommitRequestTopic> allowed = new ArrayList<>();
            q.topics().forEach(t -> (denied.contains(t.name()) ? refused : allowed).add(t));
            q.setTopics(allowed);
            return next.apply(q).thenApply(response -> {
                for (OffsetCommitRequestData.OffsetCommitRequestTopic t : refused) {
                    OffsetCommitResponseData.OffsetCommitResponseTopic topic =
                        new OffsetCommitResponseData.OffsetCommitResponseTopic().setName(t.name());
                    t.partitions().forEach(p -> topic.partitions().add(
                        new OffsetCommitResponseData.OffsetCommitResponsePartition()
                            .setPartitionIndex(p.partitionIndex())
                            .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())));
                    response.topics().add(topic);
                }
                return response;
            });
        };
    }

    /**
     * DESCRIBE on each group (v8+: per group GROUP_AUTHORIZATION_FAILED; before: the request's error); topics the
     * client may not DESCRIBE are TOPIC_AUTHORIZATION_FAILED when named, left out when all are asked for.
     */
    GroupApiHandler.Gate<OffsetFetchRequestData, OffsetFetchResponseData> offsetFetch() {
        return (c, q, next) -> {
            if (c.apiVersion() < 8) {
                auth.requireGroup(c, AclOperation.DESCRIBE, q.groupId());
                List<OffsetFetchRequestData.OffsetFetchRequestTopic> refused = new ArrayList<>();
                if (q.topics() != null) {
                    Set<String> denied = auth.deniedNames(c, AclOperation.DESCRIBE, ResourceType.TOPIC, q.topics(),
                        OffsetFetchRequestData.OffsetFetchRequestTopic::name);
                    List<OffsetFetchRequestData.OffsetFetchRequestTopic> allowed = new ArrayList<>();
                    q.topics().forEach(t -> (denied.contains(t.name()) ? refused : allowed).add(t));
                    q.setTopics(allowed);
                }
                boolean all = q.topics() == null;
                return next.apply(q).thenApply(response -> {
                    if (all) {
                        response.topics().removeIf(t -> !auth.allowed(c, AclOperation.DESCRIBE, ResourceType.TOPIC,
                            t.name()));
                    }
                    for (OffsetFetchRequestData.OffsetFetchRequestTopic t : refused) {
                        OffsetFetchResponseData.OffsetFetchResponseTopic topic =
                            new OffsetFetchResponseData.OffsetFetchResponseTopic().setName(t.name());
                        t.partitionIndexes().forEach(p -> topic.partitions().add(
                            new OffsetFetchResponseData.OffsetFetchResponsePartition().setPartitionIndex(p)
                                .setCommittedOffset(-1).setMetadata("")
                                .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())));
                        response.topics().add(topic);
                    }
                    return response;
                });
            }
            List<String> order = new ArrayList<>();
            Map<String, OffsetFetchResponseData.OffsetFetchResponseGroup> refusedGroups = new HashMap<>();
            Map<String, List<OffsetFetchRequestData.OffsetFetchRequestTopics>> refusedTopics = new HashMap<>();
            Set<String> allTopics = new java.util.HashSet<>();
            List<OffsetFetchRequestData.OffsetFetchRequestGroup> allowedGroups = new ArrayList<>();
            for (OffsetFetchRequestData.OffsetFetchRequestGroup g : q.groups()) {
                order.add(g.groupId());
                if (!auth.allowed(c, AclOperation.DESCRIBE, ResourceType.GROUP, g.groupId())) {
                    refusedGroups.put(g.groupId(), new OffsetFetchResponseData.OffsetFetchResponseGroup()
                        .setGroupId(g.groupId()).setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()));
                    continue;
                }
                allowedGroups.add(g);
                if (g.topics() == null) {
                    allTopics.add(g.groupId());
                    continue;
                }
                Set<String> denied = auth.deniedNames(c, AclOperation.DESCRIBE, ResourceType.TOPIC, g.topics(),
                    OffsetFetchRequestData.OffsetFetchRequestTopics::name);
                if (!denied.isEmpty()) {
                    List<OffsetFetchRequestData.OffsetFetchRequestTopics> allowed = new ArrayList<>();
                    List<OffsetFetchRequestData.OffsetFetchRequestTopics> refused = new ArrayList<>();
                    g.topics().forEach(t -> (denied.contains(t.name()) ? refused : allowed).add(t));
                    g.setTopics(allowed);
                    refusedTopics.put(g.groupId(), refused);
                }
            }
            if (refusedGroups.isEmpty() && refusedTopics.isEmpty() && allTopics.isEmpty()) {
                return next.apply(q);
            }
            CompletableFuture<OffsetFetchResponseData> answered = allowedGroups.isEmpty()
                ? CompletableFuture.completedFuture(new OffsetFetchResponseData())
                : next.apply(q.setGroups(allowedGroups));
            return answered.thenApply(response -> {
                Map<String, OffsetFetchResponseData.OffsetFetchResponseGroup> byId = new HashMap<>(refusedGroups);
                for (OffsetFetchResponseData.OffsetFetchResponseGroup g : response.groups()) {
                    if (allTopics.contains(g.groupId())) {
                        g.topics().removeIf(t -> !auth.allowed(c, AclOperation.DESCRIBE, ResourceType.TOPIC,
                            t.name()));
                    }
                    for (OffsetFetchRequestData.OffsetFetchRequestTopics t
                        : refusedTopics.getOrDefault(g.groupId(), List.of())) {
                        OffsetFetchResponseData.OffsetFetchResponseTopics topic =
                            new OffsetFetchResponseData.OffsetFetchResponseTopics().setName(t.name());
                        t.partitionIndexes().forEach(p -> topic.partitions().add(
                            new OffsetFetchResponseData.OffsetFetchResponsePartitions().setPartitionIndex(p)
                                .setCommittedOffset(-1).setMetadata("")
                                .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())));
                        g.topics().add(topic);
                    }
                    byId.put(g.groupId(), g);
                }
                List<OffsetFetchResponseData.OffsetFetchResponseGroup> groups = new ArrayList<>();
                order.forEach(id -> {
                    if (byId.containsKey(id)) {
                        groups.add(byId.remove(id));
                    }
                });
                return response.setGroups(groups);
            });
        };
    }

    /** DELETE on the group; each topic READ, else its partitions TOPIC_AUTHORIZATION_FAILED. */
    GroupApiHandler.Gate<OffsetDeleteRequestData, OffsetDeleteResponseData> offsetDelete() {
        return (c, q, next) -> {
            auth.requireGroup(c, AclOperation.DELETE, q.groupId());
            Set<String> denied = auth.deniedNames(c, AclOperation.READ, ResourceType.TOPIC, q.topics(),
                OffsetDeleteRequestData.OffsetDeleteRequestTopic::name);
            if (denied.isEmpty()) {
                return next.apply(q);
            }
            OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection allowed =
                new OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection();
            List<OffsetDeleteRequestData.OffsetDeleteRequestTopic> refused = new ArrayList<>();
            for (OffsetDeleteRequestData.OffsetDeleteRequestTopic t : q.topics()) {
                if (denied.contains(t.name())) {
                    refused.add(t.duplicate());
                } else {
                    allowed.add(t.duplicate());
                }
            }
            return next.apply(q.setTopics(allowed)).thenApply(response -> {
                if (response.errorCode() != Errors.NONE.code()) {
                    return response;
                }
                for (OffsetDeleteRequestData.OffsetDeleteRequestTopic t : refused) {
                    OffsetDeleteResponseData.OffsetDeleteResponseTopic topic =
                        new OffsetDeleteResponseData.OffsetDeleteResponseTopic().setName(t.name());
                    t.partitions().forEach(p -> topic.partitions().add(
                        new OffsetDeleteResponseData.OffsetDeleteResponsePartition()
                            .setPartitionIndex(p.partitionIndex())
                            .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())));
                    response.topics().add(topic);
                }
                return response;
            });
        };
    }

    // ---- group administration ----

    /** Every group with DESCRIBE on the cluster; otherwise only the groups the client may DESCRIBE. */
    GroupApiHandler.Gate<ListGroupsRequestData, ListGroupsResponseData> listGroups() {
        return (c, q, next) -> {
            if (auth.allowedOnCluster(c, AclOperation.DESCRIBE)) {
                return next.apply(q);
            }
            return next.apply(q).thenApply(response -> {
                response.groups().removeIf(g -> !auth.allowed(c, AclOperation.DESCRIBE, ResourceType.GROUP,
                    g.groupId()));
                return response;
            });
        };
    }

    /** DESCRIBE on each group, else GROUP_AUTHORIZATION_FAILED for it; authorized operations when asked. */
    GroupApiHandler.Gate<DescribeGroupsRequestData, DescribeGroupsResponseData> describeGroups() {
        return (c, q, next) -> {
            List<String> order = List.copyOf(q.groups());
            List<String> allowed = order.stream()
                .filter(g -> auth.allowed(c, AclOperation.DESCRIBE, ResourceType.GROUP, g)).toList();
            CompletableFuture<DescribeGroupsResponseData> answered = allowed.isEmpty()
                ? CompletableFuture.completedFuture(new DescribeGroupsResponseData())
                : next.apply(q.setGroups(new ArrayList<>(allowed)));
            return answered.thenApply(response -> {
                Map<String, DescribeGroupsResponseData.DescribedGroup> byId = new HashMap<>();
                for (DescribeGroupsResponseData.DescribedGroup g : response.groups()) {
                    if (q.includeAuthorizedOperations() && g.errorCode() == Errors.NONE.code()) {
                        g.setAuthorizedOperations(auth.authorizedOperations(c, ResourceType.GROUP, g.groupId()));
                    }
                    byId.put(g.groupId(), g);
                }
                List<DescribeGroupsResponseData.DescribedGroup> groups = new ArrayList<>();
                for (String id : order) {
                    DescribeGroupsResponseData.DescribedGroup g = byId.remove(id);
                    groups.add(g != null ? g : DescribeGroupsResponse.groupError(id,
                        Errors.GROUP_AUTHORIZATION_FAILED));
                }
                return response.setGroups(groups);
            });
        };
    }

    /** DELETE on each group, else GROUP_AUTHORIZATION_FAILED for it. */
    GroupApiHandler.Gate<DeleteGroupsRequestData, DeleteGroupsResponseData> deleteGroups() {
        return (c, q, next) -> {
            List<String> denied = q.groupsNames().stream()
                .filter(g -> !auth.allowed(c, AclOperation.DELETE, ResourceType.GROUP, g)).toList();
            if (denied.isEmpty()) {
                return next.apply(q);
            }
            List<String> allowed = q.groupsNames().stream().filter(g -> !denied.contains(g)).toList();
            CompletableFuture<DeleteGroupsResponseData> answered = allowed.isEmpty()
                ? CompletableFuture.completedFuture(new DeleteGroupsResponseData())
                : next.apply(q.setGroupsNames(new ArrayList<>(allowed)));
            return answered.thenApply(response -> {
                denied.forEach(g -> response.results().add(new DeleteGroupsResponseData.DeletableGroupResult()
                    .setGroupId(g).setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code())));
                return response;
            });
        };
    }

    // ---- KIP-848 and share groups ----

    /** READ on the group; DESCRIBE on every subscribed topic (named), else TOPIC_AUTHORIZATION_FAILED. */
    GroupApiHandler.Gate<ConsumerGroupHeartbeatRequestData, ConsumerGroupHeartbeatResponseData>
        consumerGroupHeartbeat() {
        return (c, q, next) -> {
            auth.requireGroup(c, AclOperation.READ, q.groupId());
            if (q.subscribedTopicNames() != null && !auth.deniedNames(c, AclOperation.DESCRIBE, ResourceType.TOPIC,
                q.subscribedTopicNames(), t -> t).isEmpty()) {
                return CompletableFuture.completedFuture(new ConsumerGroupHeartbeatResponseData()
                    .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())
                    .setErrorMessage("The group has subscribed to topics that are not authorized."));
            }
            return next.apply(q);
        };
    }

    /** DESCRIBE on each group, else GROUP_AUTHORIZATION_FAILED for it; authorized operations when asked. */
    GroupApiHandler.Gate<ConsumerGroupDescribeRequestData, ConsumerGroupDescribeResponseData>
        consumerGroupDescribe() {
        return (c, q, next) -> {
            List<String> denied = q.groupIds().stream()
                .filter(g -> !auth.allowed(c, AclOperation.DESCRIBE, ResourceType.GROUP, g)).toList();
            List<String> allowed = q.groupIds().stream().filter(g -> !denied.contains(g)).toList();
            CompletableFuture<ConsumerGroupDescribeResponseData> answered = allowed.isEmpty()
                ? CompletableFuture.completedFuture(new ConsumerGroupDescribeResponseData())
                : next.apply(q.setGroupIds(new ArrayList<>(allowed)));
            return answered.thenApply(response -> {
                List<ConsumerGroupDescribeResponseData.DescribedGroup> groups = new ArrayList<>();
                denied.forEach(g -> groups.add(new ConsumerGroupDescribeResponseData.DescribedGroup().setGroupId(g)
                    .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code())));
                for (ConsumerGroupDescribeResponseData.DescribedGroup g : response.groups()) {
                    if (q.includeAuthorizedOperations() && g.errorCode() == Errors.NONE.code()) {
                        g.setAuthorizedOperations(auth.authorizedOperations(c, ResourceType.GROUP, g.groupId()));
                    }
                    // As Kafka: a group whose members' assignments name a topic the client may not DESCRIBE is
                    // not shown at all.
                    boolean hidden = g.members().stream()
                        .flatMap(m -> java.util.stream.Stream.of(m.assignment(), m.targetAssignment()))
                        .filter(java.util.Objects::nonNull)
                        .flatMap(a -> a.topicPartitions().stream())
                        .anyMatch(tp -> !auth.allowed(c, AclOperation.DESCRIBE, ResourceType.TOPIC, tp.topicName()));
                    groups.add(!hidden ? g : new ConsumerGroupDescribeResponseData.DescribedGroup()
                        .setGroupId(g.groupId()).setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())
                        .setErrorMessage("The group has described topic(s) that the client is not authorized to "
                            + "describe."));
                }
                return response.setGroups(groups);
            });
        };
    }

    GroupApiHandler.Gate<ShareGroupHeartbeatRequestData, ShareGroupHeartbeatResponseData> shareGroupHeartbeat() {
        return (c, q, next) -> {
            auth.requireGroup(c, AclOperation.READ, q.groupId());
            if (q.subscribedTopicNames() != null && !auth.deniedNames(c, AclOperation.DESCRIBE, ResourceType.TOPIC,
                q.subscribedTopicNames(), t -> t).isEmpty()) {
                return CompletableFuture.completedFuture(new ShareGroupHeartbeatResponseData()
                    .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())
                    .setErrorMessage("The group has subscribed to topics that are not authorized."));
            }
            return next.apply(q);
        };
    }

    GroupApiHandler.Gate<ShareGroupDescribeRequestData, ShareGroupDescribeResponseData> shareGroupDescribe() {
        return (c, q, next) -> {
            List<String> denied = q.groupIds().stream()
                .filter(g -> !auth.allowed(c, AclOperation.DESCRIBE, ResourceType.GROUP, g)).toList();
            List<String> allowed = q.groupIds().stream().filter(g -> !denied.contains(g)).toList();
            CompletableFuture<ShareGroupDescribeResponseData> answered = allowed.isEmpty()
                ? CompletableFuture.completedFuture(new ShareGroupDescribeResponseData())
                : next.apply(q.setGroupIds(new ArrayList<>(allowed)));
            return answered.thenApply(response -> {
                List<ShareGroupDescribeResponseData.DescribedGroup> groups = new ArrayList<>();
                denied.forEach(g -> groups.add(new ShareGroupDescribeResponseData.DescribedGroup().setGroupId(g)
                    .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code())));
                for (ShareGroupDescribeResponseData.DescribedGroup g : response.groups()) {
                    if (q.includeAuthorizedOperations() && g.errorCode() == Errors.NONE.code()) {
                        g.setAuthorizedOperations(auth.authorizedOperations(c, ResourceType.GROUP, g.groupId()));
                    }
                    boolean hidden = g.members().stream()
                        .flatMap(m -> m.assignment().topicPartitions().stream())
                        .anyMatch(tp -> !auth.allowed(c, AclOperation.DESCRIBE, ResourceType.TOPIC, tp.topicName()));
                    groups.add(!hidden ? g : new ShareGroupDescribeResponseData.DescribedGroup()
                        .setGroupId(g.groupId()).setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())
                        .setErrorMessage("The group has described topic(s) that the client is not authorized to "
                            + "describe."));
                }
                return response.setGroups(groups);
            });
        };
    }

    /** DESCRIBE on each group (else GROUP_AUTHORIZATION_FAILED for it); topics without DESCRIBE left out. */
    GroupApiHandler.Gate<org.apache.kafka.common.message.DescribeShareGroupOffsetsRequestData,
        org.apache.kafka.common.message.DescribeShareGroupOffsetsResponseData> describeShareGroupOffsets() {
        return (c, q, next) -> {
            var order = q.groups().stream().map(g -> g.groupId()).toList();
            var allowed = q.groups().stream()
                .filter(g -> auth.allowed(c, AclOperation.DESCRIBE, ResourceType.GROUP, g.groupId())).toList();
            var answered = allowed.isEmpty()
                ? CompletableFuture.completedFuture(
                    new org.apache.kafka.common.message.DescribeShareGroupOffsetsResponseData())
                : next.apply(q.setGroups(new ArrayList<>(allowed)));
            return answered.thenApply(response -> {
                Map<String, org.apache.kafka.common.message.DescribeShareGroupOffsetsResponseData
                    .DescribeShareGroupOffsetsResponseGroup> byId = new HashMap<>();
                response.groups().forEach(g -> {
                    g.topics().removeIf(t -> !auth.allowed(c, AclOperation.DESCRIBE, ResourceType.TOPIC,
                        t.topicName()));
                    byId.put(g.groupId(), g);
                });
                var groups = new ArrayList<org.apache.kafka.common.message.DescribeShareGroupOffsetsResponseData
                    .DescribeShareGroupOffsetsResponseGroup>();
                for (String id : order) {
                    var g = byId.remove(id);
                    groups.add(g != null ? g : new org.apache.kafka.common.message.DescribeShareGroupOffsetsResponseData
                        .DescribeShareGroupOffsetsResponseGroup().setGroupId(id)
                        .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code())
                        .setErrorMessage(Errors.GROUP_AUTHORIZATION_FAILED.message()));
                }
                return response.setGroups(groups);
            });
        };
    }

    /** READ on the group and on every topic named (Freshet refuses the whole request where Kafka does per topic). */
    GroupApiHandler.Gate<org.apache.kafka.common.message.AlterShareGroupOffsetsRequestData,
        org.apache.kafka.common.message.AlterShareGroupOffsetsResponseData> alterShareGroupOffsets() {
        return (c, q, next) -> {
            auth.requireGroup(c, AclOperation.READ, q.groupId());
            requireTopics(c, AclOperation.READ, q.topics().stream().map(t -> t.topicName()).toList());
            return next.apply(q);
        };
    }

    /** DELETE on the group, READ on every topic named (the whole request refused otherwise). */
    GroupApiHandler.Gate<org.apache.kafka.common.message.DeleteShareGroupOffsetsRequestData,
        org.apache.kafka.common.message.DeleteShareGroupOffsetsResponseData> deleteShareGroupOffsets() {
        return (c, q, next) -> {
            auth.requireGroup(c, AclOperation.DELETE, q.groupId());
            requireTopics(c, AclOperation.READ, q.topics().stream().map(t -> t.topicName()).toList());
            return next.apply(q);
        };
    }

    private void requireTopics(RequestContext c, AclOperation op, List<String> topics) {
        Set<String> denied = auth.deniedNames(c, op, ResourceType.TOPIC, topics, t -> t);
        if (!denied.isEmpty()) {
            throw new org.apache.kafka.common.errors.TopicAuthorizationException(denied);
        }
    }

    // ---- transactions ----

    /**
     * WRITE on the transactional id (else the request's error, every partition); WRITE on each topic: if one is
     * refused nothing is added, its partitions TOPIC_AUTHORIZATION_FAILED and the others OPERATION_NOT_ATTEMPTED.
     */
    GroupApiHandler.Gate<AddPartitionsToTxnRequestData, AddPartitionsToTxnResponseData> addPartitionsToTxn() {
        return (c, q, next) -> {
            auth.requireTransactionalId(c, AclOperation.WRITE, q.v3AndBelowTransactionalId());
            Set<String> denied = auth.deniedNames(c, AclOperation.WRITE, ResourceType.TOPIC,
                q.v3AndBelowTopics(), AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic::name);
            if (denied.isEmpty()) {
                return next.apply(q);
            }
            AddPartitionsToTxnResponseData response = new AddPartitionsToTxnResponseData();
            for (AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic t : q.v3AndBelowTopics()) {
                AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult topic =
                    new AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult().setName(t.name());
                Errors error = denied.contains(t.name()) ? Errors.TOPIC_AUTHORIZATION_FAILED
                    : Errors.OPERATION_NOT_ATTEMPTED;
                t.partitions().forEach(p -> topic.resultsByPartition().add(
                    new AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult()
                        .setPartitionIndex(p).setPartitionErrorCode(error.code())));
                response.resultsByTopicV3AndBelow().add(topic);
            }
            return CompletableFuture.completedFuture(response);
        };
    }

    /** WRITE on the transactional id, then READ on the group. */
    GroupApiHandler.Gate<AddOffsetsToTxnRequestData, AddOffsetsToTxnResponseData> addOffsetsToTxn() {
        return (c, q, next) -> {
            auth.requireTransactionalId(c, AclOperation.WRITE, q.transactionalId());
            auth.requireGroup(c, AclOperation.READ, q.groupId());
            return next.apply(q);
        };
    }

    GroupApiHandler.Gate<EndTxnRequestData, EndTxnResponseData> endTxn() {
        return (c, q, next) -> {
            auth.requireTransactionalId(c, AclOperation.WRITE, q.transactionalId());
            return next.apply(q);
        };
    }

    /** DESCRIBE on each transactional id, else TRANSACTIONAL_ID_AUTHORIZATION_FAILED; topics without DESCRIBE hidden. */
    GroupApiHandler.Gate<DescribeTransactionsRequestData, DescribeTransactionsResponseData> describeTransactions() {
        return (c, q, next) -> {
            List<String> order = List.copyOf(q.transactionalIds());
            List<String> allowed = order.stream()
                .filter(id -> auth.allowed(c, AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID, id)).toList();
            CompletableFuture<DescribeTransactionsResponseData> answered = allowed.isEmpty()
                ? CompletableFuture.completedFuture(new DescribeTransactionsResponseData())
                : next.apply(q.setTransactionalIds(new ArrayList<>(allowed)));
            return answered.thenApply(response -> {
                Map<String, DescribeTransactionsResponseData.TransactionState> byId = new HashMap<>();
                for (DescribeTransactionsResponseData.TransactionState state : response.transactionStates()) {
                    state.topics().removeIf(t -> !auth.allowed(c, AclOperation.DESCRIBE, ResourceType.TOPIC,
                        t.topic()));
                    byId.put(state.transactionalId(), state);
                }
                List<DescribeTransactionsResponseData.TransactionState> states = new ArrayList<>();
                for (String id : order) {
                    DescribeTransactionsResponseData.TransactionState state = byId.remove(id);
                    states.add(state != null ? state : new DescribeTransactionsResponseData.TransactionState()
                        .setTransactionalId(id).setTransactionState("")
                        .setErrorCode(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code()));
                }
                return response.setTransactionStates(states);
            });
        };
    }

    /** Only the transactional ids the client may DESCRIBE. */
    GroupApiHandler.Gate<ListTransactionsRequestData, ListTransactionsResponseData> listTransactions() {
        return (c, q, next) -> next.apply(q).thenApply(response -> {
            response.transactionStates().removeIf(s -> !auth.allowed(c, AclOperation.DESCRIBE,
                ResourceType.TRANSACTIONAL_ID, s.transactionalId()));
            return response;
        });
    }
}
