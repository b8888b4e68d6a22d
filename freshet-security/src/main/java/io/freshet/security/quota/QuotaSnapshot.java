package io.freshet.security.quota;

import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The quotas stored at one moment: entity (kafka-clients' {@link ClientQuotaEntity}, a null name meaning
 * {@code <default>}) to its non-empty map of key to value. Immutable; {@link #generation()} grows with every change
 * so derived caches know when to resolve again.
 */
public final class QuotaSnapshot {

    static final QuotaSnapshot EMPTY = new QuotaSnapshot(Map.of(), 0);

    private final Map<ClientQuotaEntity, Map<String, Double>> entries;
    private final long generation;

    QuotaSnapshot(Map<ClientQuotaEntity, Map<String, Double>> entries, long generation) {
        Map<ClientQuotaEntity, Map<String, Double>> copy = new LinkedHashMap<>();
        entries.forEach((entity, quotas) -> {
            if (!quotas.isEmpty()) {
                copy.put(entity, Collections.unmodifiableMap(new LinkedHashMap<>(quotas)));
            }
        });
        this.entries = Collections.unmodifiableMap(copy);
        this.generation = generation;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public long generation() {
        return generation;
    }

    public Map<ClientQuotaEntity, Map<String, Double>> entries() {
        return entries;
    }

    /** The value of {@code key} stored for exactly {@code entity}, or null. */
    public Double get(ClientQuotaEntity entity, String key) {
        Map<String, Double> quotas = entries.get(entity);
        return quotas == null ? null : quotas.get(key);
    }

    /**
     * The entities {@code filter} selects, with Kafka's DescribeClientQuotas semantics: every component must match
     * (an exact name, the {@code <default>} entity, or any entity of that type), and a strict filter also wants the
     * entity to have no other type. The caller has validated the filter (the DescribeClientQuotas handler does, as Kafka).
     */
    public Map<ClientQuotaEntity, Map<String, Double>> describe(ClientQuotaFilter filter) {
        Map<ClientQuotaEntity, Map<String, Double>> found = new LinkedHashMap<>();
        entries.forEach((entity, quotas) -> {
            if (matches(entity, filter)) {
                found.put(entity, quotas);
            }
        });
        return found;
    }

    private static boolean matches(ClientQuotaEntity entity, ClientQuotaFilter filter) {
        Map<String, String> names = entity.entries();
        if (filter.strict() && names.size() != filter.components().size()) {
            return false;
        }
        for (ClientQuotaFilterComponent component : filter.components()) {
            if (!names.containsKey(component.entityType())) {
                return false;
            }
            // match(): null = any entity of the type, empty = the default entity, a value = that name.
            if (component.match() != null
                && !java.util.Objects.equals(names.get(component.entityType()), component.match().orElse(null))) {
                return false;
            }
        }
        return true;
    }

    static Map<ClientQuotaEntity, Map<String, Double>> mutableCopy(QuotaSnapshot snapshot) {
        Map<ClientQuotaEntity, Map<String, Double>> copy = new HashMap<>();
        snapshot.entries.forEach((entity, quotas) -> copy.put(entity, new HashMap<>(quotas)));
        return copy;
    }
}
