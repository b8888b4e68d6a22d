package io.freshet.security.quota;

/**
 * The client quotas Kafka stores for user and client-id entities, by their configuration key. The first three are
 * enforced by throttling; {@code controller_mutation_rate} (KIP-599) is accepted and stored only, since Freshet has
 * no separate controller whose mutations it would pace.
 */
public enum QuotaType {
    PRODUCE("producer_byte_rate", true),
    FETCH("consumer_byte_rate", true),
    REQUEST("request_percentage", false),
    CONTROLLER_MUTATION("controller_mutation_rate", false);

    private final String key;
    private final boolean wholeNumber;

    QuotaType(String key, boolean wholeNumber) {
        this.key = key;
        this.wholeNumber = wholeNumber;
    }

    /** The configuration key, as kafka-configs.sh and the Admin client name it. */
    public String key() {
        return key;
    }

    /** Kafka types the byte rates as LONG, so a fractional value is refused; the others are DOUBLE. */
    boolean wholeNumber() {
        return wholeNumber;
    }

    /** The type of {@code key}, or null when Kafka has no such client quota. */
    public static QuotaType forKey(String key) {
        for (QuotaType type : values()) {
            if (type.key.equals(key)) {
                return type;
            }
        }
        return null;
    }
}
