package io.freshet.security.quota;

import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QuotaStoreTest {

    @TempDir
    Path dir;

    static ClientQuotaEntity entity(String... typeAndName) {
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < typeAndName.length; i += 2) {
            names.put(typeAndName[i], typeAndName[i + 1]);
        }
        return new ClientQuotaEntity(names);
    }

    static ClientQuotaAlteration set(ClientQuotaEntity entity, String key, Double value) {
        return new ClientQuotaAlteration(entity, List.of(new ClientQuotaAlteration.Op(key, value)));
    }

    @Test
    void storesDescribesAndSurvivesReopening() throws Exception {
        ClientQuotaEntity alice = entity("user", "alice");
        ClientQuotaEntity aliceApp = entity("user", "alice", "client-id", "app");
        ClientQuotaEntity defaultClient = entity("client-id", null);
        try (QuotaStore store = QuotaStore.open(dir)) {
            Map<ClientQuotaEntity, QuotaStore.Outcome> out = store.alter(List.of(
                set(alice, "producer_byte_rate", 1024.0),
                set(aliceApp, "consumer_byte_rate", 2048.0),
                set(defaultClient, "request_percentage", 50.0),
                set(entity("client-id", "x"), "controller_mutation_rate", 10.0)), false).get();
            assertThat(out.values()).allMatch(o -> o.error() == Errors.NONE);
        }
        try (QuotaStore store = QuotaStore.open(dir)) {
            QuotaSnapshot s = store.snapshot();
            assertThat(s.entries()).hasSize(4);
            assertThat(s.get(alice, "producer_byte_rate")).isEqualTo(1024.0);
            assertThat(s.get(defaultClient, "request_percentage")).isEqualTo(50.0);
            // exact user, non-strict: alice alone and alice with a client id
            assertThat(s.describe(ClientQuotaFilter.contains(List.of(ClientQuotaFilterComponent.ofEntity("user",
                "alice"))))).containsOnlyKeys(alice, aliceApp);
            assertThat(s.describe(ClientQuotaFilter.containsOnly(List.of(ClientQuotaFilterComponent.ofEntity("user",
                "alice"))))).containsOnlyKeys(alice);
            assertThat(s.describe(ClientQuotaFilter.contains(List.of(
                ClientQuotaFilterComponent.ofDefaultEntity("client-id"))))).containsOnlyKeys(defaultClient);
            assertThat(s.describe(ClientQuotaFilter.containsOnly(List.of(
                ClientQuotaFilterComponent.ofEntityType("client-id"))))).hasSize(2);
            assertThat(s.describe(ClientQuotaFilter.all())).hasSize(4);

            // removing the last key removes the entity
            store.alter(List.of(set(alice, "producer_byte_rate", null)), false).get();
            assertThat(store.snapshot().entries()).doesNotContainKey(alice);
        }
        try (QuotaStore store = QuotaStore.open(dir)) {
            assertThat(store.snapshot().entries()).hasSize(3).doesNotContainKey(alice);
        }
    }

    @Test
    void refusesWhatKafkaRefusesEntityByEntity() throws Exception {
        try (QuotaStore store = QuotaStore.open(dir)) {
            ClientQuotaEntity good = entity("user", "bob");
            Map<ClientQuotaEntity, QuotaStore.Outcome> out = store.alter(List.of(
                set(good, "producer_byte_rate", 100.0),
                set(entity("user", "u1"), "no_such_key", 1.0),
                set(entity("user", "u2"), "producer_byte_rate", -5.0),
                set(entity("user", "u3"), "producer_byte_rate", 1.5),
                set(entity("group", "g"), "producer_byte_rate", 1.0),
                set(entity("user", ""), "producer_byte_rate", 1.0),
                set(entity(), "producer_byte_rate", 1.0)), false).get();
            assertThat(out.get(good).error()).isEqualTo(Errors.NONE);
            assertThat(out.get(entity("user", "u1")).message()).contains("no_such_key");
            out.forEach((e, o) -> {
                if (!e.equals(good)) {
                    assertThat(o.error()).as(e.toString()).isEqualTo(Errors.INVALID_REQUEST);
                }
            });
            assertThat(store.snapshot().entries()).containsOnlyKeys(good);
        }
    }

    @Test
    void validateOnlyChangesNothing() throws Exception {
        try (QuotaStore store = QuotaStore.open(dir)) {
            var out = store.alter(List.of(set(entity("user", "a"), "producer_byte_rate", 5.0)), true).get();
            assertThat(out.values()).allMatch(o -> o.error() == Errors.NONE);
            assertThat(store.snapshot().isEmpty()).isTrue();
            assertThat(dir.resolve("quotas.json")).doesNotExist();
        }
    }
}
