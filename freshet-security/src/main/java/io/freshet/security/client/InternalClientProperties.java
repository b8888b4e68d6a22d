package io.freshet.security.client;

import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.plain.PlainLoginModule;

import javax.security.auth.login.AppConfigurationEntry;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How the broker's in-process Kafka clients (the web console's Admin and browse consumers, REST v2 consumer
 * instances, the SQL engine) connect to its own Kafka listener, as Kafka's inter-broker clients do: on the listener
 * {@code inter.broker.listener.name} names (default: the first of {@code listeners}), with that listener's security
 * protocol, the broker's own credentials ({@code username} / {@code password} of the listener's PLAIN JAAS
 * configuration, {@code listener.name.<l>.plain.sasl.jaas.config} over {@code listener.name.<l>.sasl.jaas.config}
 * over {@code sasl.jaas.config}) and, for TLS, the listener's own key and trust stores. That principal
 * ({@code User:<username>}) belongs in {@code super.users}: what these clients do for an HTTP user is checked with
 * the HTTP user's principal before they are called. Host name verification is off: they connect to this process.
 */
public final class InternalClientProperties {

    private static final org.slf4j.Logger log =
        org.slf4j.LoggerFactory.getLogger(InternalClientProperties.class);

    /** Broker-side TLS keys that mean nothing to a client. */
    private static final Set<String> SERVER_ONLY = Set.of("ssl.client.auth", "ssl.principal.mapping.rules",
        "ssl.allow.dn.changes", "ssl.allow.san.changes");

    private InternalClientProperties() {
    }

    /** The listener's name the in-process clients use ({@code inter.broker.listener.name}, else the first). */
    public static String listenerName(Map<String, String> props) {
        String named = props.get("inter.broker.listener.name");
        if (named != null && !named.isBlank()) {
            return named.trim().toUpperCase(Locale.ROOT);
        }
        String listeners = props.getOrDefault("listeners", "PLAINTEXT://:9092");
        String first = listeners.split(",")[0].trim();
        int scheme = first.indexOf("://");
        return (scheme < 0 ? "PLAINTEXT" : first.substring(0, scheme)).toUpperCase(Locale.ROOT);
    }

    /** The client properties (no bootstrap address) for the broker's own clients; empty on a PLAINTEXT listener. */
    public static Map<String, Object> of(Map<String, String> props) {
        String listener = listenerName(props);
        SecurityProtocol protocol = protocolOf(props, listener);
        Map<String, Object> client = new LinkedHashMap<>();
        if (protocol == SecurityProtocol.PLAINTEXT) {
            return client;
        }
        client.put("security.protocol", protocol.name);
        String prefix = "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
        if (protocol == SecurityProtocol.SASL_PLAINTEXT || protocol == SecurityProtocol.SASL_SSL) {
            String jaas = firstOf(props, prefix + "plain.sasl.jaas.config", prefix + "sasl.jaas.config",
                "sasl.jaas.config");
            Map<String, ?> options = jaas == null ? Map.of() : options(jaas);
            Object user = options.get("username");
            Object password = options.get("password");
            if (user == null || password == null) {
                // Not fatal: the Kafka listener works; only the console, REST v2 consumers and SQL cannot log in.
                log.warn("{}plain.sasl.jaas.config has no username/password: the broker's in-process clients (console,"
                    + " REST v2 consumers, SQL engine) cannot authenticate on listener {}", prefix, listener);
                return client;
            }
            client.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
            client.put(SaslConfigs.SASL_JAAS_CONFIG, PlainLoginModule.class.getName() + " required username=\""
                + escape(user.toString()) + "\" password=\"" + escape(password.toString()) + "\";");
        }
        if (protocol == SecurityProtocol.SSL || protocol == SecurityProtocol.SASL_SSL) {
            Map<String, Object> ssl = new HashMap<>();
            props.forEach((key, value) -> {
                if (key.startsWith("ssl.")) {
                    ssl.put(key, value);
                }
            });
            props.forEach((key, value) -> {
                if (key.startsWith(prefix + "ssl.")) {
                    ssl.put(key.substring(prefix.length()), value);
                }
            });
            SERVER_ONLY.forEach(ssl::remove);
            trustOwnCertificate(ssl);
            client.putAll(ssl);
            client.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "");
        }
        return client;
    }

    /**
     * A broker without a truststore (it asks no client for a certificate) still has its own certificate: the
     * in-process clients trust exactly that, read from the keystore (a PKCS12 or JKS key entry's certificate, or the
     * PEM chain), so a TLS listener configured with a keystore alone serves them too.
     */
    static void trustOwnCertificate(Map<String, Object> ssl) {
        if (ssl.containsKey("ssl.truststore.location") || ssl.containsKey("ssl.truststore.certificates")) {
            return;
        }
        String type = String.valueOf(ssl.getOrDefault("ssl.keystore.type", "JKS"));
        if (type.equalsIgnoreCase("PEM")) {
            ssl.put("ssl.truststore.type", "PEM");
            if (ssl.containsKey("ssl.keystore.certificate.chain")) {
                ssl.put("ssl.truststore.certificates", ssl.get("ssl.keystore.certificate.chain"));
            } else if (ssl.containsKey("ssl.keystore.location")) {
                ssl.put("ssl.truststore.location", ssl.get("ssl.keystore.location"));
            }
        } else if (ssl.containsKey("ssl.keystore.location")) {
            ssl.put("ssl.truststore.type", type);
            ssl.put("ssl.truststore.location", ssl.get("ssl.keystore.location"));
            if (ssl.containsKey("ssl.keystore.password")) {
                ssl.put("ssl.truststore.password", ssl.get("ssl.keystore.password"));
            }
        }
    }

    private static SecurityProtocol protocolOf(Map<String, String> props, String listener) {
        String map = props.get("listener.security.protocol.map");
        if (map != null) {
            for (String entry : map.split(",")) {
                String[] parts = entry.trim().split(":");
                if (parts.length == 2 && parts[0].trim().equalsIgnoreCase(listener)) {
                    return SecurityProtocol.forName(parts[1].trim().toUpperCase(Locale.ROOT));
                }
            }
        }
        try {
            return SecurityProtocol.forName(listener); // Kafka's default map: each protocol names itself
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("listener.security.protocol.map: no security protocol for listener "
                + listener);
        }
    }

    private static Map<String, ?> options(String jaas) {
        java.util.List<AppConfigurationEntry> entries = JaasContext.loadClientContext(
            Map.of(SaslConfigs.SASL_JAAS_CONFIG, new Password(jaas))).configurationEntries();
        return entries.isEmpty() ? Map.of() : entries.get(0).getOptions();
    }

    private static String firstOf(Map<String, String> props, String... keys) {
        for (String key : keys) {
            String value = props.get(key);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
