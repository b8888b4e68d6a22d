package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What Admin shows and refuses for a group with live members, and allows once they are gone: describe (state,
 * type, assignor, members with their client ids and disjoint assignments covering the topic), listGroups (type,
 * protocol, state), committing offsets from outside (refused with UnknownMemberIdException while members are there),
 * deleting the group (GroupNotEmptyException while members are there).
 */
class ConsumerGroupErrorsTest {

    private static final int PARTITIONS = 4;
    private static final int MEMBERS = 2;

    @RegisterExtension
    static final FreshetExtension freshet = GroupBrokers.extension();

    @ParameterizedTest(name = "group.protocol={0}")
    @EnumSource(GroupProtocol.class)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldDescribeAndRefuseWhatAnActiveGroupForbids(GroupProtocol protocol) throws Exception {
        String bootstrap = GroupBrokers.bootstrap(freshet);
        String topic = GroupBrokers.unique("errors");
        String group = GroupBrokers.unique("errors-group");
        KafkaClients.createTopic(bootstrap, topic, PARTITIONS);
        GroupBrokers.produce(bootstrap, topic, 100, 10);
        GroupType type = protocol == GroupProtocol.CLASSIC ? GroupType.CLASSIC : GroupType.CONSUMER;
        Set<TopicPartition> all = java.util.stream.IntStream.range(0, PARTITIONS)
                .mapToObj(p -> new TopicPartition(topic, p)).collect(Collectors.toSet());

        ConsumptionLog log = new ConsumptionLog();
        List<GroupMember> members = new ArrayList<>();
        try (Admin admin = KafkaClients.admin(bootstrap)) {
            for (int i = 0; i < MEMBERS; i++) {
                String clientId = group + "-client-" + i;
                members.add(GroupMember.inLog(clientId, GroupBrokers.consumerConfig(bootstrap, group, protocol,
                        clientId), topic, log, 0).start());
            }
            ConsumerGroupDescription described = GroupBrokers.awaitStable(bootstrap, group, MEMBERS, PARTITIONS,
                    Duration.ofSeconds(30));
            assertThat(described.groupId()).isEqualTo(group);
            assertThat(described.type()).isEqualTo(type);
            assertThat(described.isSimpleConsumerGroup()).isFalse();
            assertThat(described.partitionAssignor())
                    .isEqualTo(protocol == GroupProtocol.CLASSIC ? "range" : "uniform");
            assertThat(described.members()).extracting(MemberDescription::clientId)
                    .containsExactlyInAnyOrder(group + "-client-0", group + "-client-1");
            List<Set<TopicPartition>> assignments = described.members().stream()
                    .map(m -> m.assignment().topicPartitions()).toList();
            assertThat(assignments).allSatisfy(a -> assertThat(a).hasSize(PARTITIONS / MEMBERS));
            assertThat(assignments.stream().flatMap(Set::stream).toList()).containsExactlyInAnyOrderElementsOf(all);

            Awaitility.await("listGroups shows " + group).atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> listing(admin, group) != null);
            GroupListing listing = listing(admin, group);
            assertThat(listing.type()).contains(type);
            assertThat(listing.protocol()).isEqualTo("consumer");
            assertThat(listing.groupState()).contains(GroupState.STABLE);
            assertThat(listing.isSimpleConsumerGroup()).isFalse();

            Map<TopicPartition, OffsetAndMetadata> reset = Map.of(new TopicPartition(topic, 0),
                    new OffsetAndMetadata(0));
            assertThatThrownBy(() -> admin.alterConsumerGroupOffsets(group, reset).all().get(30, TimeUnit.SECONDS))
                    .as("committing from outside while members are active").isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(UnknownMemberIdException.class);
            assertThatThrownBy(() -> admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS))
                    .as("deleting a group with members").isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(GroupNotEmptyException.class);
            assertThat(listing(admin, group)).as("the group is still there").isNotNull();

            // The members leave: the same two operations now succeed.
            GroupMember.stopAll(members);
            Awaitility.await(group + " empty").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> GroupBrokers.describe(admin, group).groupState() == GroupState.EMPTY);
            assertThat(GroupBrokers.describe(admin, group).members()).isEmpty();
            admin.alterConsumerGroupOffsets(group, reset).all().get(30, TimeUnit.SECONDS);
            assertThat(GroupBrokers.committed(bootstrap, group)).containsEntry(0, 0L);
            admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
            assertThat(listing(admin, group)).as("deleted group listed").isNull();
            assertThat(GroupBrokers.committed(bootstrap, group)).as("offsets of the deleted group").isEmpty();
            assertThat(members).allSatisfy(m -> assertThat(m.failure()).as("member %s", m.name()).isNull());
        } finally {
            GroupMember.stopAll(members);
        }
    }

    private static GroupListing listing(Admin admin, String group) throws Exception {
        return admin.listGroups().all().get(30, TimeUnit.SECONDS).stream()
                .filter(g -> g.groupId().equals(group)).findFirst().orElse(null);
    }
}
