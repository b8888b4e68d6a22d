package io.freshet.coordinator.group.share;

import io.freshet.coordinator.group.GroupConfig;
import io.freshet.coordinator.group.GroupCoordinatorRunner;
import io.freshet.coordinator.runtime.ClientInfo;
import io.freshet.coordinator.runtime.FakeTopics;
import io.freshet.coordinator.runtime.ScriptedStateLog;
import org.apache.kafka.common.message.ShareGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ShareGroupHeartbeatResponseData;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A membership change whose write fails is taken back, in the group and in the published ShareMembership view. */
class ShareGroupWriteFailureTest {

    private static final ClientInfo CLIENT = new ClientInfo("c", "/127.0.0.1", (short) 1);

    private final ScriptedStateLog log = new ScriptedStateLog();

    private static ShareGroupHeartbeatRequestData join(String member) {
        return new ShareGroupHeartbeatRequestData().setGroupId("g").setMemberId(member).setMemberEpoch(0)
            .setSubscribedTopicNames(List.of("t"));
    }

    @Test
    void aJoinWhoseWriteFailsLeavesNoTraceInTheView() throws Exception {
        try (GroupCoordinatorRunner runner = GroupCoordinatorRunner.onScriptedLog(log,
            new FakeTopics().create("t", 1), GroupConfig.defaults())) {
            ShareMembership view = runner.coordinator().shareMembership();
            assertThat(runner.coordinator().shareGroupHeartbeat(CLIENT, join("m1")).get(10, TimeUnit.SECONDS)
                .errorCode()).isZero();

            log.holdDurability();
            CompletableFuture<ShareGroupHeartbeatResponseData> second =
                runner.coordinator().shareGroupHeartbeat(CLIENT, join("m2"));
            // Applied at once (before durable), as the coordinator's own state is...
            runner.coordinator().runDueTimers().get(10, TimeUnit.SECONDS);
            assertThat(view.isMember("g", "m2")).isTrue();
            log.failDurability();
            // ...and taken back when the write fails (the request answers COORDINATOR_NOT_AVAILABLE; the client
            // retries its join).
            assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(CoordinatorNotAvailableException.class);
            assertThat(view.isMember("g", "m2")).isFalse();
            assertThat(view.isMember("g", "m1")).isTrue();
        }
    }

    @Test
    void aNewGroupWhoseWriteFailsIsNotInTheView() throws Exception {
        try (GroupCoordinatorRunner runner = GroupCoordinatorRunner.onScriptedLog(log,
            new FakeTopics().create("t", 1), GroupConfig.defaults())) {
            log.failAppends();
            assertThatThrownBy(() -> runner.coordinator().shareGroupHeartbeat(CLIENT, join("m1"))
                .get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(CoordinatorNotAvailableException.class);
            assertThat(runner.coordinator().shareMembership().group("g")).isEmpty();
        }
    }
}
