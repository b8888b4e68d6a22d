package io.freshet.broker.network;

import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseQueueTest {

    @Test
    void shouldHoldALaterResponseUntilEveryEarlierOneIsComplete() {
        ResponseQueue queue = new ResponseQueue();
        PendingResponse first = queue.add(1, (short) 0, (short) 0);
        PendingResponse second = queue.add(2, (short) 0, (short) 0);
        PendingResponse third = queue.add(3, (short) 0, (short) 0);

        third.complete(new ApiVersionsResponseData());
        assertThat(queue.pollReady()).isEmpty();

        first.complete(new ApiVersionsResponseData());
        assertThat(queue.pollReady()).extracting(r -> r.correlationId).containsExactly(1);

        second.complete(null); // acks=0: no body, but it still holds its place
        assertThat(queue.pollReady()).extracting(r -> r.correlationId).containsExactly(2, 3);
        assertThat(queue.size()).isZero();
    }
}
