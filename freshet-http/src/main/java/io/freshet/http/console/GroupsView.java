package io.freshet.http.console;

import io.freshet.http.error.RestException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeShareGroupsOptions;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /console/api/groups} and {@code /groups/{group}}: groups of every protocol (classic and consumer
 * groups: DescribeGroups / ConsumerGroupDescribe and OffsetFetch; share groups: ShareGroupDescribe and their start
 * offsets) with their lag, end offset minus committed offset (for a share group: what the broker says, or end minus
 * start offset), by the Admin client. A partition without a committed offset has no lag; a group's lag is the sum
 * over its partitions, null when it has none. Completes on the Admin client's thread.
 */
final class GroupsView {

    record GroupSummary(String groupId, String state, String protocol, int members, Long lag) {
    }

    record Assignment(String topic, int partition) {
    }

    record MemberView(String memberId, String clientId, String host, List<Assignment> assignments) {
    }

    record OffsetView(String topic, int partition, Long committed, Long endOffset, Long lag) {
    }

    record GroupDetail(String groupId, String state, String protocol, List<MemberView> members,
                       List<OffsetView> offsets) {
    }

    private static final Comparator<OffsetView> BY_PARTITION = Comparator.comparing(OffsetView::topic)
        .thenComparingInt(OffsetView::partition);

    private final ConsoleClients clients;

    GroupsView(ConsoleClients clients) {
        this.clients = clients;
    }

    /** The groups {@code visible} accepts (the HTTP user may DESCRIBE them), checked before they are described. */
    CompletableFuture<Map<String, Object>> list(java.util.function.Predicate<String> visible) {
        return clients.admin().thenCompose(admin -> list(admin, visible));
    }

    private static CompletableFuture<Map<String, Object>> list(Admin admin,
                                                               java.util.function.Predicate<String> visible) {
        return listings(admin).thenCompose(listings -> {
            List<CompletableFuture<GroupSummary>> each = listings.stream()
                .filter(listing -> visible.test(listing.groupId()))
                .sorted(Comparator.comparing(GroupListing::groupId))
                .map(listing -> describe(admin, listing).thenApply(detail -> summary(listing, detail))
                    .exceptionally(e -> undescribed(listing)))
                .toList();
            return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(v -> Map.of("groups", each.stream().map(CompletableFuture::join).toList()));
        });
    }

    /** One group with members and offsets; 404 when no group has that id. */
    CompletableFuture<GroupDetail> get(String groupId) {
        return clients.admin().thenCompose(admin -> get(admin, groupId));
    }

    private static CompletableFuture<GroupDetail> get(Admin admin, String groupId) {
        return listings(admin).thenCompose(listings -> listings.stream()
            .filter(l -> l.groupId().equals(groupId)).findFirst()
            .map(listing -> describe(admin, listing))
            .orElseGet(() -> CompletableFuture.failedFuture(RestException.notFound("Group not found: " + groupId))));
    }

    private static CompletableFuture<Collection<GroupListing>> listings(Admin admin) {
        return AdminFutures.of(admin.listGroups(new ListGroupsOptions().timeoutMs(ConsoleClients.TIMEOUT_MS)).all());
    }

    private static CompletableFuture<GroupDetail> describe(Admin admin, GroupListing listing) {
        return protocol(listing).equals("share") ? describeShare(admin, listing.groupId())
            : describeConsumers(admin, listing);
    }

    private static GroupSummary summary(GroupListing listing, GroupDetail detail) {
        Long lag = null;
        for (OffsetView offset : detail.offsets()) {
            if (offset.lag() != null) {
                lag = (lag == null ? 0 : lag) + offset.lag();
            }
        }
        return new GroupSummary(listing.groupId(), detail.state(), detail.protocol(), detail.members().size(), lag);
    }

    /** A group the broker would not describe (a streams group, one deleted meanwhile): what the listing says. */
    private static GroupSummary undescribed(GroupListing listing) {
        return new GroupSummary(listing.groupId(), listing.groupState().map(GroupState::toString).orElse("Unknown"),
            protocol(listing), 0, null);
    }

    /** A classic or consumer group (also a group with only committed offsets: classic, Empty). */
    private static CompletableFuture<GroupDetail> describeConsumers(Admin admin, GroupListing listing) {
        String groupId = listing.groupId();
        CompletableFuture<ConsumerGroupDescription> description = AdminFutures.of(admin.describeConsumerGroups(
                List.of(groupId), new DescribeConsumerGroupsOptions().timeoutMs(ConsoleClients.TIMEOUT_MS))
            .describedGroups().get(groupId));
        CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> committed = AdminFutures.of(
            admin.listConsumerGroupOffsets(Map.of(groupId, new ListConsumerGroupOffsetsSpec()),
                new ListConsumerGroupOffsetsOptions().timeoutMs(ConsoleClients.TIMEOUT_MS))
                .partitionsToOffsetAndMetadata(groupId));
        CompletableFuture<Map<TopicPartition, Long>> ends = committed.thenCompose(c ->
            PartitionOffsets.ends(admin, c.keySet()));
        return CompletableFuture.allOf(description, ends).thenApply(v -> {
            ConsumerGroupDescription d = description.join();
            List<MemberView> members = d.members().stream()
                .map(m -> new MemberView(m.consumerId(), m.clientId(), m.host(),
                    assignments(m.assignment().topicPartitions())))
                .sorted(Comparator.comparing(MemberView::memberId))
                .toList();
            List<OffsetView> offsets = new ArrayList<>();
            committed.join().forEach((tp, offset) -> {
                if (offset != null) {
                    Long end = ends.join().get(tp);
                    offsets.add(new OffsetView(tp.topic(), tp.partition(), offset.offset(), end,
                        end == null ? null : Math.max(0, end - offset.offset())));
                }
            });
            offsets.sort(BY_PARTITION);
            String protocol = d.type() == GroupType.CONSUMER ? "consumer" : protocol(listing);
            return new GroupDetail(groupId, state(d.groupState()), protocol, members, offsets);
        });
    }

    /** A share group: its members, and per partition the start offset (what every member is past) and lag. */
    private static CompletableFuture<GroupDetail> describeShare(Admin admin, String groupId) {
        CompletableFuture<ShareGroupDescription> description = AdminFutures.of(admin.describeShareGroups(
                List.of(groupId), new DescribeShareGroupsOptions().timeoutMs(ConsoleClients.TIMEOUT_MS))
            .describedGroups().get(groupId));
        CompletableFuture<Map<TopicPartition, SharePartitionOffsetInfo>> starts = AdminFutures.of(
            admin.listShareGroupOffsets(Map.of(groupId, new ListShareGroupOffsetsSpec()),
                new ListShareGroupOffsetsOptions().timeoutMs(ConsoleClients.TIMEOUT_MS))
                .partitionsToOffsetInfo(groupId));
        CompletableFuture<Map<TopicPartition, Long>> ends = starts.thenCompose(s ->
            PartitionOffsets.ends(admin, s.keySet()));
        return CompletableFuture.allOf(description, ends).thenApply(v -> {
            ShareGroupDescription d = description.join();
            List<MemberView> members = d.members().stream()
                .map(m -> new MemberView(m.consumerId(), m.clientId(), m.host(),
                    assignments(m.assignment().topicPartitions())))
                .sorted(Comparator.comparing(MemberView::memberId))
                .toList();
            List<OffsetView> offsets = new ArrayList<>();
            starts.join().forEach((tp, info) -> {
                if (info != null) {
                    Long end = ends.join().get(tp);
                    Long lag = info.lag().orElse(end == null ? null : Math.max(0, end - info.startOffset()));
                    offsets.add(new OffsetView(tp.topic(), tp.partition(), info.startOffset(), end, lag));
                }
            });
            offsets.sort(BY_PARTITION);
            return new GroupDetail(groupId, state(d.groupState()), "share", members, offsets);
        });
    }

    private static List<Assignment> assignments(Set<TopicPartition> partitions) {
        return new HashSet<>(partitions).stream()
            .map(tp -> new Assignment(tp.topic(), tp.partition()))
            .sorted(Comparator.comparing(Assignment::topic).thenComparingInt(Assignment::partition))
            .toList();
    }

    /** classic, consumer, share (or streams), from the listing's type; a broker that gives none: classic. */
    private static String protocol(GroupListing listing) {
        return listing.type().filter(type -> type != GroupType.UNKNOWN)
            .map(type -> type.name().toLowerCase(Locale.ROOT)).orElse("classic");
    }

    private static String state(GroupState state) {
        return state == null ? "Unknown" : state.toString();
    }
}
