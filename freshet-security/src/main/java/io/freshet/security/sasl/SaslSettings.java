package io.freshet.security.sasl;

import org.apache.kafka.common.security.plain.internals.PlainSaslServer;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The SASL keys of the broker, read with Kafka's per-listener override ({@code listener.name.<l>.<key>} over
 * {@code <key>}; for the re-authentication lifetime also {@code listener.name.<l>.<mechanism>.<key>} first, as
 * Kafka reads it per mechanism).
 */
public final class SaslSettings {

    public static final String ENABLED_MECHANISMS = "sasl.enabled.mechanisms";
    public static final String MAX_REAUTH_MS = "connections.max.reauth.ms";
    public static final String FAILED_AUTH_DELAY_MS = "connection.failed.authentication.delay.ms";
    static final String JAAS_CONFIG = "sasl.jaas.config";

    /** Freshet's default: every mechanism it has (Kafka's default, GSSAPI, needs Kerberos, which Freshet lacks). */
    static final List<String> DEFAULT_MECHANISMS = List.of(PlainSaslServer.PLAIN_MECHANISM,
        ScramMechanism.SCRAM_SHA_256.mechanismName(), ScramMechanism.SCRAM_SHA_512.mechanismName());

    private final Map<String, String> props;
    private final long failedAuthenticationDelayMs;

    public SaslSettings(Map<String, String> props) {
        this.props = Map.copyOf(props);
        this.failedAuthenticationDelayMs = nonNegativeLong(FAILED_AUTH_DELAY_MS,
            props.getOrDefault(FAILED_AUTH_DELAY_MS, "100"));
        props.forEach((key, value) -> {
            if (key.equals(ENABLED_MECHANISMS) || key.endsWith("." + ENABLED_MECHANISMS)) {
                mechanisms(key, value);
            } else if (key.equals(MAX_REAUTH_MS) || key.endsWith("." + MAX_REAUTH_MS)) {
                nonNegativeLong(key, value);
            }
        });
    }

    /** The mechanisms a SASL listener offers, in the configured order. */
    public List<String> mechanisms(String listener) {
        String key = prefix(listener) + ENABLED_MECHANISMS;
        if (props.containsKey(key)) {
            return mechanisms(key, props.get(key));
        }
        return props.containsKey(ENABLED_MECHANISMS) ? mechanisms(ENABLED_MECHANISMS, props.get(ENABLED_MECHANISMS))
            : DEFAULT_MECHANISMS;
    }

    /** KIP-368: the longest session a client authenticated with {@code mechanism} gets; 0 is no limit. */
    public long maxReauthMs(String listener, String mechanism) {
        String prefix = prefix(listener);
        for (String key : List.of(prefix + mechanism.toLowerCase(Locale.ROOT) + "." + MAX_REAUTH_MS,
            prefix + MAX_REAUTH_MS, MAX_REAUTH_MS)) {
            String value = props.get(key);
            if (value != null) {
                return nonNegativeLong(key, value);
            }
        }
        return 0L;
    }

    /** How long a failed authentication waits before its answer and the close (a brake on password guessing). */
    public long failedAuthenticationDelayMs() {
        return failedAuthenticationDelayMs;
    }

    /** The key and JAAS text that define a listener's PLAIN users; null when none is configured. */
    Map.Entry<String, String> plainJaas(String listener) {
        String prefix = prefix(listener);
        for (String key : List.of(prefix + "plain." + JAAS_CONFIG, prefix + JAAS_CONFIG, JAAS_CONFIG)) {
            String value = props.get(key);
            if (value != null && !value.isBlank()) {
                return Map.entry(key, value);
            }
        }
        return null;
    }

    /** Every JAAS key and text that may define PLAIN users, whatever its listener: the users MQTT and HTTP accept. */
    List<Map.Entry<String, String>> allPlainJaas() {
        List<Map.Entry<String, String>> texts = new ArrayList<>();
        props.forEach((key, value) -> {
            // A SCRAM module's entries hold no users; PlainUsers keeps only PlainLoginModule's anyway.
            boolean jaas = key.equals(JAAS_CONFIG) || key.startsWith("listener.name.") && key.endsWith("." + JAAS_CONFIG);
            if (jaas && value != null && !value.isBlank()) {
                texts.add(Map.entry(key, value));
            }
        });
        return texts;
    }

    private static String prefix(String listener) {
        return "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
    }

    private static List<String> mechanisms(String key, String value) {
        Set<String> mechanisms = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            String mechanism = part.trim();
            if (mechanism.isEmpty()) {
                continue;
            }
            if (!DEFAULT_MECHANISMS.contains(mechanism)) {
                throw new IllegalArgumentException(key + ": unsupported SASL mechanism '" + mechanism
                    + "' (Freshet offers " + String.join(", ", DEFAULT_MECHANISMS) + ")");
            }
            mechanisms.add(mechanism);
        }
        return List.copyOf(mechanisms);
    }

    private static long nonNegativeLong(String key, String value) {
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < 0) {
                throw new IllegalArgumentException(key + " must not be negative: " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a number: " + value);
        }
    }
}
