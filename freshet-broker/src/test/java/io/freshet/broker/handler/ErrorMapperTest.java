package io.freshet.broker.handler;

import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorMapperTest {

    @Test
    void shouldMapStorageExceptionsToKafkaErrorCodes() {
        assertThat(ErrorMapper.toError(new CorruptRecordException("crc"), "t-0")).isEqualTo(Errors.CORRUPT_MESSAGE);
        assertThat(ErrorMapper.toError(new RecordTooLargeException("big"), "t-0"))
            .isEqualTo(Errors.MESSAGE_TOO_LARGE);
        assertThat(ErrorMapper.toError(new OffsetOutOfRangeException("far"), "t-0"))
            .isEqualTo(Errors.OFFSET_OUT_OF_RANGE);
        assertThat(ErrorMapper.toError(new InvalidConfigurationException("bad"), "t"))
            .isEqualTo(Errors.INVALID_CONFIG);
    }

    @Test
    void shouldUnwrapAsyncWrappersAndAnswerUnknownServerErrorForTheRest() {
        Throwable wrapped = new CompletionException(new ExecutionException(new CorruptRecordException("crc")));
        assertThat(ErrorMapper.toError(wrapped, "t-0")).isEqualTo(Errors.CORRUPT_MESSAGE);
        assertThat(ErrorMapper.message(wrapped, Errors.CORRUPT_MESSAGE)).isEqualTo("crc");
        assertThat(ErrorMapper.toError(new IOException("disk"), "t-0")).isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
        assertThat(ErrorMapper.toError(new IllegalStateException("bug"), "t-0"))
            .isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
    }
}
