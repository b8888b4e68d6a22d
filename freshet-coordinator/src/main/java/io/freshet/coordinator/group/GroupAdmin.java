package io.freshet.coordinator.group;

import io.freshet.coordinator.group.classic.ClassicDescriptions;
import io.freshet.coordinator.group.offsets.OffsetKey;
import io.freshet.coordinator.runtime.ClientInfo;
import io.freshet.coordinator.runtime.CoordinatorErrors;
import io.freshet.coordinator.runtime.CoordinatorResult;
import io.freshet.coordinator.runtime.StateRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * ListGroups, DescribeGroups (the classic view) and DeleteGroups, for groups of every type (classic, consumer,
 * share; a share group is not described by DescribeGroups, as in Kafka). ListGroups and
 * DescribeGroups show the live groups, as Kafka does; DeleteGroups answers once the deletion is durable, and a
 * failed deletion brings the group and its offsets back ({@link GroupRegistry}). Coordinator thread only.
 */
public final class GroupAdmin {

    private final GroupContext context;
    private final Consumer<String> shareGroupDeleted;

    /** @param shareGroupDeleted told (coordinator thread) each share group whose deletion is durable */
    public GroupAdmin(GroupContext context, Consumer<String> shareGroupDeleted) {
        this.context = context;
        this.shareGroupDeleted = shareGroupDeleted;
    }

    public CompletableFuture<ListGroupsResponseData> list(ClientInfo client, ListGroupsRequestData request) {
        Set<String> states = lowerCase(request.statesFilter());
        Set<String> types = lowerCase(request.typesFilter());
        ListGroupsResponseData response = new ListGroupsResponseData();
        context.groups().all().stream()
            .filter(g -> states.isEmpty() || states.contains(g.stateName().toLowerCase(Locale.ROOT)))
            .filter(g -> types.isEmpty() || types.contains(g.type().protocolName()))
            .sorted(java.util.Comparator.comparing(Group::groupId))
            .forEach(g -> response.groups().add(new ListGroupsResponseData.ListedGroup()
                .setGroupId(g.groupId())
                .setProtocolType(g.protocolType())
                .setGroupState(g.stateName())
                .setGroupType(g.type().protocolName())));
        return CompletableFuture.completedFuture(response);
    }

    private static Set<String> lowerCase(List<String> values) {
        return values == null ? Set.of()
            : values.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    public CompletableFuture<DescribeGroupsResponseData> describe(ClientInfo client, DescribeGroupsRequestData request) {
        DescribeGroupsResponseData response = new DescribeGroupsResponseData();
        for (String groupId : request.groups()) {
            Optional<Group> group = context.groups().get(groupId);
            DescribedGroup described;
            if (group.isEmpty()) {
                // Before v6 an unknown group is described as Dead without an error, as Kafka does.
                described = new DescribedGroup().setGroupId(groupId).setGroupState("Dead").setProtocolType("")
                    .setProtocolData("");
                if (client.apiVersion() >= 6) {
                    described.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                        .setErrorMessage("Group " + groupId + " not found.");
                }
            } else if (group.get().type() == GroupType.CLASSIC) {
                described = ClassicDescriptions.describe(group.get());
            } else if (group.get().type() == GroupType.SHARE) {
                // Kafka describes a share group only with ShareGroupDescribe; here it is an unknown group.
                described = new DescribedGroup().setGroupId(groupId).setGroupState("Dead").setProtocolType("")
                    .setProtocolData("");
                if (client.apiVersion() >= 6) {
                    described.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                        .setErrorMessage("Group " + groupId + " is not a classic group.");
                }
            } else {
                described = new DescribedGroup().setGroupId(groupId).setGroupState(group.get().stateName())
                    .setProtocolType(group.get().protocolType()).setProtocolData("");
            }
            response.groups().add(described);
        }
        return CompletableFuture.completedFuture(response);
    }

    public CompletableFuture<DeleteGroupsResponseData> delete(ClientInfo client, DeleteGroupsRequestData request) {
        DeleteGroupsResponseData response = new DeleteGroupsResponseData();
        List<StateRecord> tombstones = new ArrayList<>();
        List<DeletableGroupResult> deleted = new ArrayList<>();
        Set<String> deletedIds = new HashSet<>();
        List<String> deletedShareGroups = new ArrayList<>();
        for (String groupId : request.groupsNames()) {
            DeletableGroupResult result = new DeletableGroupResult().setGroupId(groupId);
            response.results().add(result);
            Optional<Group> group = context.groups().get(groupId);
            Errors error;
            if (groupId == null || groupId.isEmpty()) {
                error = Errors.INVALID_GROUP_ID;
            } else if (group.isEmpty()) {
                error = Errors.GROUP_ID_NOT_FOUND;
            } else if (!group.get().isEmpty()) {
                error = Errors.NON_EMPTY_GROUP;
            } else if (!deletedIds.add(groupId)) {
                error = Errors.GROUP_ID_NOT_FOUND; // named twice: gone after the first
            } else {
                error = Errors.NONE;
                for (TopicPartition tp : context.offsets().ofGroup(groupId).keySet()) {
                    tombstones.add(StateRecord.tombstone(OffsetKey.of(groupId, tp)));
                }
                tombstones.add(StateRecord.tombstone(new GroupKey(groupId))); // removes the group when applied
                deleted.add(result);
                if (group.get().type() == GroupType.SHARE) {
                    deletedShareGroups.add(groupId);
                }
            }
            result.setErrorCode(error.code());
        }
        return context.write(new CoordinatorResult<>(tombstones, response)).thenApply(done -> {
            deletedShareGroups.forEach(shareGroupDeleted);
            return done;
        }).exceptionally(e -> {
            Errors failed = CoordinatorErrors.of(e, "DeleteGroups");
            deleted.forEach(r -> r.setErrorCode(failed.code()));
            return response;
        });
    }
}
