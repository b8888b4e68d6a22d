package io.freshet.coordinator.runtime;

import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which protocol error a failure becomes. */
class CoordinatorErrorsTest {

    @Test
    void aFailedWriteIsCoordinatorNotAvailableSoTheClientRetries() {
        KafkaStorageException diskFull = new KafkaStorageException("No space left on device");
        assertThat(CoordinatorErrors.of(new CompletionException(diskFull), "OffsetCommit g"))
            .isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(CoordinatorErrors.toApiException(diskFull, "OffsetCommit g"))
            .isInstanceOf(CoordinatorNotAvailableException.class).hasMessageContaining("OffsetCommit g");
    }

    @Test
    void aProtocolErrorKeepsItsCodeAndABugIsAnUnknownServerErrorNamingItsSubject() {
        assertThat(CoordinatorErrors.of(new UnknownMemberIdException("who?"), "Heartbeat g"))
            .isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(CoordinatorErrors.of(new IllegalStateException("bug"), "JoinGroup g"))
            .isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
        assertThat(CoordinatorErrors.toApiException(new IllegalStateException("bug"), "JoinGroup g"))
            .isInstanceOf(UnknownServerException.class).hasMessageContaining("JoinGroup g");
        assertThat(CoordinatorErrors.of(new CoordinatorNotAvailableException("shut down"), "x"))
            .isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
    }
}
