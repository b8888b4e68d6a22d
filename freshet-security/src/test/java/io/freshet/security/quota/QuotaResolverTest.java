package io.freshet.security.quota;

import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.freshet.security.quota.QuotaStoreTest.entity;
import static org.assertj.core.api.Assertions.assertThat;

class QuotaResolverTest {

    /** The eight levels, most specific first; each stores a distinct value for producer_byte_rate. */
    private static final List<ClientQuotaEntity> LEVELS = List.of(
        entity("user", "u", "client-id", "c"),
        entity("user", "u", "client-id", null),
        entity("user", "u"),
        entity("user", null, "client-id", "c"),
        entity("user", null, "client-id", null),
        entity("user", null),
        entity("client-id", "c"),
        entity("client-id", null));

    @Test
    void mostSpecificLevelWinsInKafkasOrder() {
        List<ClientQuotaEntity> stored = new ArrayList<>(LEVELS);
        for (int level = 0; level < LEVELS.size(); level++) {
            Map<ClientQuotaEntity, Map<String, Double>> quotas = new HashMap<>();
            for (int i = level; i < LEVELS.size(); i++) {
                quotas.put(stored.get(i), Map.of("producer_byte_rate", (double) (i + 1)));
            }
            QuotaResolver.Resolved r = QuotaResolver.resolve(new QuotaSnapshot(quotas, 1), QuotaType.PRODUCE, "u", "c");
            assertThat(r.bound()).as("with levels %d..8", level + 1).isEqualTo(level + 1);
        }
    }

    @Test
    void usageIsCountedPerTheLevelsTags() {
        Map<ClientQuotaEntity, Map<String, Double>> q = Map.of(entity("user", "u"), Map.of("producer_byte_rate", 1.0),
            entity("client-id", null), Map.of("consumer_byte_rate", 1.0));
        QuotaSnapshot s = new QuotaSnapshot(q, 1);
        assertThat(QuotaResolver.resolve(s, QuotaType.PRODUCE, "u", "c"))
            .isEqualTo(new QuotaResolver.Resolved(QuotaType.PRODUCE, 1.0, "u", ""));
        assertThat(QuotaResolver.resolve(s, QuotaType.FETCH, "u", "c"))
            .isEqualTo(new QuotaResolver.Resolved(QuotaType.FETCH, 1.0, "", "c"));
        assertThat(QuotaResolver.resolve(s, QuotaType.PRODUCE, "other", "c")).isNull();
        assertThat(QuotaResolver.resolve(s, QuotaType.REQUEST, "u", "c")).isNull();
    }
}
