package io.freshet.server;

import io.freshet.gateway.ListenerTls;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.internals.BrokerSecurityConfigs;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;
import org.apache.kafka.common.security.ssl.SslPrincipalMapper;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The TLS of an MQTTS or HTTPS listener from Kafka's keys, as Kafka configures a listener:
 * {@code listener.name.<lower case name>.ssl.*} over {@code ssl.*}, parsed by Kafka's own definitions and handed to
 * Kafka's {@link DefaultSslEngineFactory} (PKCS12, JKS, PEM; {@code ssl.client.auth}; {@code ssl.enabled.protocols});
 * a client certificate's principal is {@code User:} + its subject DN after {@code ssl.principal.mapping.rules}
 * ({@link SslPrincipalMapper}), as Kafka's default principal builder names it.
 */
final class GatewayTls implements ListenerTls {

    private final DefaultSslEngineFactory engines;
    private final SslPrincipalMapper principals;

    private GatewayTls(DefaultSslEngineFactory engines, SslPrincipalMapper principals) {
        this.engines = engines;
        this.principals = principals;
    }

    /**
     * The TLS of listener {@code listenerName} ({@code MQTTS}, {@code HTTPS}).
     *
     * @throws IllegalArgumentException naming the listener when its keystore is missing or a key is bad
     */
    static GatewayTls fromProperties(Map<String, String> props, String listenerName) {
        String prefix = "listener.name." + listenerName.toLowerCase(Locale.ROOT) + ".";
        Map<String, Object> raw = new HashMap<>();
        props.forEach((key, value) -> {
            if (key.startsWith("ssl.")) {
                raw.put(key, value);
            }
        });
        props.forEach((key, value) -> {
            if (key.startsWith(prefix + "ssl.")) {
                raw.put(key.substring(prefix.length()), value);
            }
        });
        if (!raw.containsKey(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG)
            && !raw.containsKey(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG)) {
            throw new IllegalArgumentException(listenerName + " listener: no keystore (" + prefix
                + "ssl.keystore.location or ssl.keystore.certificate.chain)");
        }
        ConfigDef definitions = new ConfigDef();
        SslConfigs.addClientSslSupport(definitions);
        definitions.define(BrokerSecurityConfigs.SSL_CLIENT_AUTH_CONFIG, ConfigDef.Type.STRING,
            BrokerSecurityConfigs.SSL_CLIENT_AUTH_DEFAULT, ConfigDef.Importance.MEDIUM,
            BrokerSecurityConfigs.SSL_CLIENT_AUTH_DOC);
        definitions.define(BrokerSecurityConfigs.SSL_PRINCIPAL_MAPPING_RULES_CONFIG, ConfigDef.Type.STRING,
            BrokerSecurityConfigs.DEFAULT_SSL_PRINCIPAL_MAPPING_RULES, ConfigDef.Importance.LOW,
            BrokerSecurityConfigs.SSL_PRINCIPAL_MAPPING_RULES_DOC);
        try {
            Map<String, Object> parsed = definitions.parse(raw);
            DefaultSslEngineFactory engines = new DefaultSslEngineFactory();
            engines.configure(parsed);
            return new GatewayTls(engines, SslPrincipalMapper.fromRules(
                (String) parsed.get(BrokerSecurityConfigs.SSL_PRINCIPAL_MAPPING_RULES_CONFIG)));
        } catch (ConfigException | IllegalArgumentException e) {
            throw new IllegalArgumentException(listenerName + " listener: " + e.getMessage(), e);
        }
    }

    @Override
    public SSLEngine newEngine() {
        return engines.createServerSslEngine(null, -1);
    }

    @Override
    public KafkaPrincipal principal(SSLSession session) {
        try {
            String dn = session.getPeerPrincipal().getName();
            return new KafkaPrincipal(KafkaPrincipal.USER_TYPE, principals.getName(dn));
        } catch (SSLPeerUnverifiedException e) {
            return KafkaPrincipal.ANONYMOUS;
        } catch (IOException e) {
            throw new IllegalArgumentException("ssl.principal.mapping.rules: " + e.getMessage(), e);
        }
    }
}
