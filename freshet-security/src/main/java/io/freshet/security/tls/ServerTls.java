package io.freshet.security.tls;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SslClientAuth;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.internals.BrokerSecurityConfigs;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SslAuthenticationContext;
import org.apache.kafka.common.security.authenticator.DefaultKafkaPrincipalBuilder;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;
import org.apache.kafka.common.security.ssl.SslPrincipalMapper;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The TLS side of one listener, as a Kafka broker builds it: the {@code ssl.*} keys with the listener's
 * {@code listener.name.<name>.ssl.*} overrides, handed to kafka-clients' {@link DefaultSslEngineFactory} (which
 * reads PKCS12, JKS and PEM stores, inline PEM, {@code ssl.enabled.protocols}, {@code ssl.cipher.suites} and
 * {@code ssl.client.auth} exactly as Kafka does), and the principal of a finished handshake built by Kafka's
 * {@link DefaultKafkaPrincipalBuilder} with {@code ssl.principal.mapping.rules}.
 *
 * <p>Everything that can be wrong with the keys is found by {@link #forListener}: the first engine is created there,
 * so a bad store, password or protocol is a start-up error naming its key, never a failed handshake later.
 * Thread-safe: engines are created from one {@code SSLContext}.
 */
public final class ServerTls implements AutoCloseable {

    /** The keys Kafka reads for a broker's TLS, with their types and defaults (ssl.client.auth = none). */
    private static final ConfigDef SSL_KEYS = sslKeys();

    private final String listenerName;
    private final DefaultSslEngineFactory engines;
    private final DefaultKafkaPrincipalBuilder principals;
    private final SslClientAuth clientAuth;
    private final List<String> enabledProtocols;

    private ServerTls(String listenerName, DefaultSslEngineFactory engines, SslPrincipalMapper mapper,
                      SslClientAuth clientAuth, List<String> enabledProtocols) {
        this.listenerName = listenerName;
        this.engines = engines;
        this.principals = new DefaultKafkaPrincipalBuilder(null, mapper);
        this.clientAuth = clientAuth;
        this.enabledProtocols = enabledProtocols;
    }

    /**
     * Builds the TLS of listener {@code listenerName} from a broker's properties.
     *
     * @throws IllegalArgumentException one line naming the key at fault (as written, with its listener prefix)
     */
    public static ServerTls forListener(String listenerName, Map<String, String> props) {
        String prefix = ListenerName.normalised(listenerName).configPrefix();
        Map<String, String> raw = new HashMap<>();
        Map<String, String> origin = new HashMap<>();
        for (Map.Entry<String, String> e : props.entrySet()) {
            if (SSL_KEYS.names().contains(e.getKey()) && !origin.containsKey(e.getKey())) {
                raw.put(e.getKey(), e.getValue());
                origin.put(e.getKey(), e.getKey());
            }
        }
        for (Map.Entry<String, String> e : props.entrySet()) {
            if (e.getKey().startsWith(prefix) && SSL_KEYS.names().contains(e.getKey().substring(prefix.length()))) {
                String key = e.getKey().substring(prefix.length());
                raw.put(key, e.getValue());
                origin.put(key, e.getKey());
            }
        }
        Map<String, Object> parsed;
        try {
            parsed = SSL_KEYS.parse(raw);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(renamed(e.getMessage(), origin), e);
        }
        checkKeystore(listenerName, parsed, origin);
        checkFile(parsed, SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, origin);

        SslPrincipalMapper mapper;
        String rules = (String) parsed.get(BrokerSecurityConfigs.SSL_PRINCIPAL_MAPPING_RULES_CONFIG);
        try {
            mapper = SslPrincipalMapper.fromRules(rules);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name(BrokerSecurityConfigs.SSL_PRINCIPAL_MAPPING_RULES_CONFIG, origin)
                    + ": " + e.getMessage(), e);
        }
        SslClientAuth clientAuth = SslClientAuth.forConfig(
                (String) parsed.get(BrokerSecurityConfigs.SSL_CLIENT_AUTH_CONFIG));
        if (clientAuth == null) {
            throw new IllegalArgumentException(name(BrokerSecurityConfigs.SSL_CLIENT_AUTH_CONFIG, origin)
                    + ": expected none, requested or required, got '"
                    + parsed.get(BrokerSecurityConfigs.SSL_CLIENT_AUTH_CONFIG) + "'");
        }
        @SuppressWarnings("unchecked")
        List<String> protocols = (List<String>) parsed.get(SslConfigs.SSL_ENABLED_PROTOCOLS_CONFIG);

        DefaultSslEngineFactory engines = new DefaultSslEngineFactory();
        try {
            engines.configure(parsed);
            engines.createServerSslEngine("127.0.0.1", 0).closeOutbound();
        } catch (KafkaException | IllegalArgumentException e) {
            engines.close();
            throw new IllegalArgumentException(explain(listenerName, e, parsed, origin), e);
        }
        return new ServerTls(listenerName, engines, mapper, clientAuth, List.copyOf(protocols));
    }

    /** A server-side engine for one accepted connection (the peer's address is a hint for session resumption). */
    public SSLEngine newServerEngine(String peerHost, int peerPort) {
        return engines.createServerSslEngine(peerHost, peerPort);
    }

    /**
     * The principal of a finished handshake as Kafka's default principal builder makes it: {@code User:<DN after
     * ssl.principal.mapping.rules>} for a client certificate, {@code User:ANONYMOUS} without one.
     *
     * @throws KafkaException the DN matches no mapping rule (Kafka closes such a connection)
     */
    public KafkaPrincipal principal(SSLSession session, InetAddress clientAddress) {
        return principals.build(new SslAuthenticationContext(session, clientAddress, listenerName));
    }

    public String listenerName() {
        return listenerName;
    }

    public SslClientAuth clientAuth() {
        return clientAuth;
    }

    public List<String> enabledProtocols() {
        return enabledProtocols;
    }

    @Override
    public void close() {
        engines.close();
    }

    private static ConfigDef sslKeys() {
        ConfigDef def = new ConfigDef().withClientSslSupport();
        def.define(BrokerSecurityConfigs.SSL_CLIENT_AUTH_CONFIG, ConfigDef.Type.STRING,
                BrokerSecurityConfigs.SSL_CLIENT_AUTH_DEFAULT, ConfigDef.Importance.MEDIUM,
                BrokerSecurityConfigs.SSL_CLIENT_AUTH_DOC);
        def.define(BrokerSecurityConfigs.SSL_PRINCIPAL_MAPPING_RULES_CONFIG, ConfigDef.Type.STRING,
                BrokerSecurityConfigs.DEFAULT_SSL_PRINCIPAL_MAPPING_RULES, ConfigDef.Importance.LOW,
                BrokerSecurityConfigs.SSL_PRINCIPAL_MAPPING_RULES_DOC);
        return def;
    }

    /** A listener's certificate must come from somewhere: a store file, or for PEM the inline key and chain. */
    private static void checkKeystore(String listener, Map<String, Object> parsed, Map<String, String> origin) {
        boolean location = parsed.get(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG) != null;
        boolean inline = parsed.get(SslConfigs.SSL_KEYSTORE_KEY_CONFIG) != null
                || parsed.get(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG) != null;
        if (!location && !inline) {
            throw new IllegalArgumentException(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG + " (or "
                    + ListenerName.normalised(listener).configPrefix() + SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG
                    + ") is not set: the TLS listener " + listener + " in listeners needs a keystore with its certificate");
        }
        checkFile(parsed, SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, origin);
    }

    private static void checkFile(Map<String, Object> parsed, String key, Map<String, String> origin) {
        Object location = parsed.get(key);
        if (location != null && !Files.isReadable(Path.of((String) location))) {
            throw new IllegalArgumentException(name(key, origin) + ": no readable file at '" + location + "'");
        }
    }

    /** The factory's message, with the key it is about named as the user wrote it. */
    private static String explain(String listener, Exception e, Map<String, Object> parsed,
                                  Map<String, String> origin) {
        String message = rootMessage(e);
        String lower = message.toLowerCase(Locale.ROOT);
        String key;
        if (lower.contains("truststore") || lower.contains("trust store")) {
            key = SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG;
        } else if (lower.contains("protocol")) {
            key = SslConfigs.SSL_ENABLED_PROTOCOLS_CONFIG;
        } else if (lower.contains("cipher")) {
            key = SslConfigs.SSL_CIPHER_SUITES_CONFIG;
        } else if (parsed.get(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG) != null) {
            key = SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG;
        } else {
            key = SslConfigs.SSL_KEYSTORE_KEY_CONFIG;
        }
        String summary = e.getMessage() == null || e.getMessage().equals(message)
                ? message : e.getMessage() + ": " + message;
        return name(key, origin) + ": TLS listener " + listener + " cannot use it: " + summary;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    private static String name(String key, Map<String, String> origin) {
        return origin.getOrDefault(key, key);
    }

    /** ConfigException says "Invalid value X for configuration KEY": say the key the user wrote. */
    private static String renamed(String message, Map<String, String> origin) {
        for (Map.Entry<String, String> e : origin.entrySet()) {
            if (!e.getKey().equals(e.getValue()) && message.contains("configuration " + e.getKey())) {
                return message.replace("configuration " + e.getKey(), "configuration " + e.getValue());
            }
        }
        return message;
    }
}
