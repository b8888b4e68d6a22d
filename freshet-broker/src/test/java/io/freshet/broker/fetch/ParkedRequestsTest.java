package io.freshet.broker.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ParkedRequestsTest {

    private static final TopicPartition A = new TopicPartition("t", 0);
    private static final TopicPartition B = new TopicPartition("t", 1);

    private final List<String> woken = new ArrayList<>();
    private final List<String> expired = new ArrayList<>();
    private final ParkedRequests<Request> parked = new ParkedRequests<>();

    private final class Request implements ParkedRequests.Parked {
        private final String name;
        private final List<TopicPartition> partitions;

        Request(String name, TopicPartition... partitions) {
            this.name = name;
            this.partitions = List.of(partitions);
        }

        @Override
        public Collection<TopicPartition> partitions() {
            return partitions;
        }

        @Override
        public void wake() {
            woken.add(name);
        }

        @Override
        public void expire() {
            expired.add(name);
        }
    }

    @Test
    void wakesTheRequestsOfAPartitionOldestFirstWhateverTheirHashes() {
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            requests.add(new Request("r" + i, A));
        }
        requests.forEach(parked::watch);
        parked.wake(A, r -> true);
        assertThat(woken).containsExactlyElementsOf(requests.stream().map(r -> r.name).toList());
    }

    @Test
    void aRequestThatParksAgainQueuesBehindThoseStillWaiting() {
        Request first = new Request("first", A);
        Request second = new Request("second", A);
        parked.watch(first);
        parked.watch(second);
        parked.unwatch(first); // answered
        Request firstAgain = new Request("first-again", A);
        parked.watch(firstAgain);
        parked.wake(A, r -> true);
        assertThat(woken).containsExactly("second", "first-again");
    }

    @Test
    void wakesOnlyThoseOfThePartitionThatMatchAndForgetsUnwatchedOnes() {
        Request onA = new Request("a", A);
        Request onBoth = new Request("both", A, B);
        Request onB = new Request("b", B);
        parked.watch(onA);
        parked.watch(onBoth);
        parked.watch(onB);
        assertThat(parked.waiting()).isEqualTo(3);
        parked.wake(B, r -> r != onB);
        assertThat(woken).containsExactly("both");
        parked.unwatch(onBoth);
        parked.unwatch(onBoth); // twice is harmless
        assertThat(parked.waiting()).isEqualTo(2);
        woken.clear();
        parked.wake(A, r -> true);
        parked.wake(B, r -> true);
        assertThat(woken).containsExactly("a", "b");
    }

    @Test
    void atShutdownEveryParkedRequestExpiresOnceAndNewOnesAreNotParked() {
        parked.watch(new Request("a", A));
        parked.watch(new Request("both", A, B));
        parked.completeAll();
        assertThat(expired).containsExactlyInAnyOrder("a", "both");
        assertThat(parked.isClosing()).isTrue();
    }
}
