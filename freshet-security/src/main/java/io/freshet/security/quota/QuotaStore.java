package io.freshet.security.quota;

import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The client quotas of user and client-id entities (AlterClientQuotas / DescribeClientQuotas, so
 * {@code kafka-configs.sh --entity-type users|clients}), kept durably in {@code <data dir>/security/quotas.json}.
 *
 * <p>Threading: readers take the current {@link QuotaSnapshot} (a volatile read, from any event loop); alterations
 * run on the store's one writer thread, which validates, writes the file (fsync: never on an event loop) and then
 * publishes the new snapshot, so a change is visible only once it is durable.
 */
public final class QuotaStore implements AutoCloseable {

    /** Per entity: NONE, or the error Kafka gives and its message. */
    public record Outcome(Errors error, String message) {
        static final Outcome OK = new Outcome(Errors.NONE, null);

        static Outcome invalid(String message) {
            return new Outcome(Errors.INVALID_REQUEST, message);
        }
    }

    private final QuotaFile file;
    private final ExecutorService writer;
    private volatile QuotaSnapshot current;

    private QuotaStore(QuotaFile file, QuotaSnapshot initial) {
        this.file = file;
        this.current = initial;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "freshet-quota-store");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reads {@code <securityDir>/quotas.json} if it exists. */
    public static QuotaStore open(Path securityDir) {
        QuotaFile file = new QuotaFile(securityDir);
        try {
            return new QuotaStore(file, new QuotaSnapshot(file.read(), 1));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the client quotas in " + file.path(), e);
        }
    }

    public QuotaSnapshot snapshot() {
        return current;
    }

    /**
     * Applies Kafka's AlterClientQuotas: each entity's alteration is validated on its own (a bad one does not stop
     * the others), and those that pass are stored together unless {@code validateOnly}. A value of null removes the
     * key; an entity left with no keys disappears.
     */
    public CompletableFuture<Map<ClientQuotaEntity, Outcome>> alter(Collection<ClientQuotaAlteration> alterations,
                                                                   boolean validateOnly) {
        return CompletableFuture.supplyAsync(() -> apply(alterations, validateOnly), writer);
    }

    private Map<ClientQuotaEntity, Outcome> apply(Collection<ClientQuotaAlteration> alterations,
                                                  boolean validateOnly) {
        Map<ClientQuotaEntity, Outcome> outcomes = new LinkedHashMap<>();
        Map<ClientQuotaEntity, Map<String, Double>> next = QuotaSnapshot.mutableCopy(current);
        boolean changed = false;
        for (ClientQuotaAlteration alteration : alterations) {
            Outcome outcome = validate(alteration);
            outcomes.put(alteration.entity(), outcome);
            if (outcome.error() != Errors.NONE || validateOnly) {
                continue;
            }
            Map<String, Double> values = next.computeIfAbsent(alteration.entity(), e -> new HashMap<>());
            for (ClientQuotaAlteration.Op op : alteration.ops()) {
                Double before = op.value() == null ? values.remove(op.key()) : values.put(op.key(), op.value());
                changed |= !Objects.equals(before, op.value());
            }
            if (values.isEmpty()) {
                next.remove(alteration.entity());
            }
        }
        if (changed) {
            try {
                file.write(next);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the client quotas to " + file.path(), e);
            }
            current = new QuotaSnapshot(next, current.generation() + 1);
        }
        return outcomes;
    }

    /** Kafka's checks, with its messages: entity types and their combination, then each key and value. */
    static Outcome validate(ClientQuotaAlteration alteration) {
        Map<String, String> names = alteration.entity().entries();
        if (names.isEmpty()) {
            return Outcome.invalid("Invalid empty client quota entity");
        }
        for (Map.Entry<String, String> name : names.entrySet()) {
            String type = name.getKey();
            if (ClientQuotaEntity.IP.equals(type)) {
                // Kafka's connection_creation_rate per IP: Freshet limits connection counts, not their rate.
                return Outcome.invalid("Client quotas of ip entities are not supported by Freshet");
            }
            if (!ClientQuotaEntity.USER.equals(type) && !ClientQuotaEntity.CLIENT_ID.equals(type)) {
                return Outcome.invalid("Unhandled client quota entity type: " + type);
            }
            if (name.getValue() != null && name.getValue().isEmpty()) {
                return Outcome.invalid("Empty " + type + " not supported");
            }
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ClientQuotaAlteration.Op op : alteration.ops()) {
            if (!seen.add(op.key())) {
                return Outcome.invalid("Duplicate quota key " + op.key() + " not updating quota for entity "
                    + alteration.entity());
            }
            QuotaType type = QuotaType.forKey(op.key());
            if (type == null) {
                return Outcome.invalid("Invalid configuration key " + op.key());
            }
            Double value = op.value();
            if (value == null) {
                continue;
            }
            if (value.isNaN() || value.isInfinite() || value < 0) {
                return Outcome.invalid("Configuration " + op.key() + " must be a non-negative number, not " + value);
            }
            if (type.wholeNumber() && Math.abs(Math.rint(value) - value) > 1e-6) {
                return Outcome.invalid("Configuration " + op.key() + " must be a Long value");
            }
        }
        return Outcome.OK;
    }

    @Override
    public void close() {
        writer.shutdown();
    }
}
