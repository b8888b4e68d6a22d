package io.freshet.coordinator.group.consumer;

import io.freshet.coordinator.runtime.FakeTopics;
import io.freshet.coordinator.runtime.ScriptedStateLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A KIP-848 group whose record cannot be written: the heartbeat fails with COORDINATOR_NOT_AVAILABLE, the group is
 * what its last durable record says (members, epochs, assignment), and its members carry on from there.
 */
@Timeout(30)
class ConsumerGroupWriteFailureTest {

    private final ScriptedStateLog log = new ScriptedStateLog();
    private Coordinator c;

    @BeforeEach
    void start() {
        c = new Coordinator(log, new FakeTopics().create("orders", 4), Coordinator.config(45_000));
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
    }

    @Test
    void aJoinWhoseWriteFailsLeavesTheGroupAsItWasAndTheOthersCarryOn() throws Exception {
        ConsumerGroupHeartbeatResponseData m1 = c.send(Coordinator.join("g", "m1", "orders"));
        Set<TopicPartition> all = c.partitions(m1);
        log.holdDurability();
        CompletableFuture<ConsumerGroupHeartbeatResponseData> m2 = c.sendAsync(Coordinator.join("g", "m2", "orders"),
            Coordinator.CLIENT_V1);
        assertThat(c.describe("g").members()).as("described as durable").extracting(m -> m.memberId())
            .containsExactly("m1");

        log.failDurability();

        assertThatThrownBy(() -> m2.get(10, TimeUnit.SECONDS))
            .hasCauseInstanceOf(CoordinatorNotAvailableException.class);
        var described = c.describe("g");
        assertThat(described.groupEpoch()).isEqualTo(1);
        assertThat(described.members()).extracting(m -> m.memberId()).containsExactly("m1");
        log.releaseDurability();
        ConsumerGroupHeartbeatResponseData again = c.send(c.heartbeat("g", "m1", 1, all));
        assertThat(again.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(again.memberEpoch()).as("no revocation: m2 never joined").isEqualTo(1);
        assertThat(c.send(Coordinator.join("g", "m2", "orders")).memberEpoch()).isEqualTo(2);
    }

    @Test
    void aNewGroupWhoseFirstWriteFailsDoesNotExist() throws Exception {
        log.failAppends();
        assertThatThrownBy(() -> c.send(Coordinator.join("g", "m1", "orders")))
            .hasCauseInstanceOf(CoordinatorNotAvailableException.class);
        assertThat(c.describe("g").errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());

        log.appendsSucceed();
        ConsumerGroupHeartbeatResponseData m1 = c.send(Coordinator.join("g", "m1", "orders"));
        assertThat(m1.memberEpoch()).isEqualTo(1);
        assertThat(c.partitions(m1)).hasSize(4);
    }

    @Test
    void aRestartAfterAFailedWriteFindsTheLastDurableGroup() throws Exception {
        c.send(Coordinator.join("g", "m1", "orders"));
        log.holdDurability();
        c.sendAsync(Coordinator.join("g", "m2", "orders"), Coordinator.CLIENT_V1);
        c.describe("g"); // the join is handled before the restart

        c.restart();

        var described = c.describe("g");
        assertThat(described.groupEpoch()).isEqualTo(1);
        assertThat(described.members()).extracting(m -> m.memberId()).containsExactly("m1");
    }
}
