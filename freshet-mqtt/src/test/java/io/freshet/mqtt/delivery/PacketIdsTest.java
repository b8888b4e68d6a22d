package io.freshet.mqtt.delivery;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacketIdsTest {

    @Test
    void shouldHandOutIdsInTurnAndNotReuseAFreedOneAtOnce() {
        PacketIds ids = new PacketIds();
        assertThat(ids.allocate()).isEqualTo(1);
        assertThat(ids.allocate()).isEqualTo(2);
        ids.release(1);
        assertThat(ids.allocate()).isEqualTo(3);
        assertThat(ids.inUse()).isEqualTo(2);
    }

    @Test
    void shouldWrapAfter65535AndSkipIdsStillInUse() {
        PacketIds ids = new PacketIds();
        for (int i = 1; i <= 65534; i++) {
            ids.allocate();
        }
        for (int i = 1; i <= 65534; i++) {
            if (i != 7) {
                ids.release(i);
            }
        }
        assertThat(ids.allocate()).isEqualTo(65535);
        Set<Integer> next = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            next.add(ids.allocate());
        }
        assertThat(next).doesNotContain(7, 0, 65535).contains(1, 6, 8);
    }

    @Test
    void shouldRefuseWhenAllAreInUse() {
        PacketIds ids = new PacketIds();
        for (int i = 0; i < 65535; i++) {
            ids.allocate();
        }
        assertThatThrownBy(ids::allocate).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldSkipRestoredIds() {
        PacketIds ids = new PacketIds();
        ids.reserve(1);
        ids.reserve(2);
        ids.reserve(2);
        assertThat(ids.inUse()).isEqualTo(2);
        assertThat(ids.allocate()).isEqualTo(3);
    }
}
