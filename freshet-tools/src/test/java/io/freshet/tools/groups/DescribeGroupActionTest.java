package io.freshet.tools.groups;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberAssignment;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class DescribeGroupActionTest {

    @Test
    void shouldComputeLagOnlyWithACommittedOffset() {
        assertThat(DescribeGroupAction.lag(OptionalLong.of(5), OptionalLong.of(12))).isEqualTo("7");
        assertThat(DescribeGroupAction.lag(OptionalLong.of(12), OptionalLong.of(12))).isEqualTo("0");
        assertThat(DescribeGroupAction.lag(OptionalLong.empty(), OptionalLong.of(12))).isEqualTo("-");
        assertThat(DescribeGroupAction.lag(OptionalLong.of(5), OptionalLong.empty())).isEqualTo("-");
    }

    @Test
    void shouldWriteAnAssignmentByTopicWithSortedPartitions() {
        assertThat(DescribeGroupAction.assignment(Set.of(new TopicPartition("orders", 2),
                new TopicPartition("orders", 0), new TopicPartition("audit", 1)))).isEqualTo("audit:1;orders:0,2");
        assertThat(DescribeGroupAction.assignment(Set.of())).isEqualTo("-");
    }

    @Test
    void shouldSummariseStateTypeCoordinatorAndMembers() {
        MemberDescription member = new MemberDescription("m-1", Optional.empty(), "client-1", "/127.0.0.1",
                new MemberAssignment(Set.of(new TopicPartition("orders", 0))));
        ConsumerGroupDescription description = new ConsumerGroupDescription("orders-app", false, List.of(member),
                "uniform", GroupType.CONSUMER, GroupState.STABLE, new Node(1, "127.0.0.1", 9092), Set.of(),
                Optional.empty(), Optional.empty());

        assertThat(DescribeGroupAction.summary(description)).isEqualTo("Consumer group 'orders-app': state Stable, "
                + "type Consumer, coordinator 127.0.0.1:9092 (id 1), 1 member, assignor uniform");
    }
}
