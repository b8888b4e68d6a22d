package io.freshet.it.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.freshet.security.testing.TestCertificates;
import io.freshet.testkit.EmbeddedFreshet;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * The broker the security tests talk to, configured from {@code security/server.properties} (one file for both
 * brokers): Freshet in this JVM, or, when {@value #KAFKA_PROPERTY} names its listeners, the Apache Kafka 4.4 that
 * scripts/security-kafka.sh started from the same file ({@value #CERTS_PROPERTY}: its certificate directory).
 * Everything a test needs beyond the file (SCRAM users, ACLs, quotas, topics) goes through the Admin API as the
 * super user {@code admin}, so the same test code runs against both.
 *
 * <p>Certificates, one layout for both: {@code ca.pem}, {@code truststore.p12}, {@code server.p12},
 * {@code client.p12} / {@code client.pem} / {@code client.key} (DN {@value #TLS_CLIENT_DN}); for Kafka written by
 * scripts/security-certs.sh (password {@value #SCRIPT_STORE_PASSWORD}), for Freshet copied from
 * freshet-security's {@link TestCertificates}.
 */
final class SecureBroker implements AutoCloseable {

    static final String KAFKA_PROPERTY = "freshet.it.security.kafka";
    static final String CERTS_PROPERTY = "freshet.it.security.certs";
    static final String SCRIPT_STORE_PASSWORD = "parity-pw";
    static final String TLS_CLIENT_DN = "CN=tls-client,OU=parity";
    /** PLAIN users of server.properties' JAAS entries. */
    static final Credentials ADMIN = Credentials.plain("admin", "admin-secret");
    static final Credentials ALICE = Credentials.plain("alice", "alice-secret");
    static final Credentials BOB = Credentials.plain("bob", "bob-secret");

    enum Listener { PLAINTEXT, SSL, SASL_SSL, SASL_PLAINTEXT }

    /** How a client authenticates: a SASL mechanism and password, or (mechanism null) its TLS certificate / nothing. */
    record Credentials(String mechanism, String user, String password) {
        static Credentials plain(String user, String password) {
            return new Credentials("PLAIN", user, password);
        }

        static Credentials scram(ScramMechanism mechanism, String user, String password) {
            return new Credentials(mechanism.mechanismName(), user, password);
        }

        static final Credentials NONE = new Credentials(null, null, null);

        String principal() {
            return "User:" + user;
        }
    }

    private final Map<Listener, String> bootstrap;
    private final Path certs;
    private final String storePassword;
    private final EmbeddedFreshet freshet;
    private final Admin admin;

    private SecureBroker(Map<Listener, String> bootstrap, Path certs, String storePassword, EmbeddedFreshet freshet) {
        this.bootstrap = bootstrap;
        this.certs = certs;
        this.storePassword = storePassword;
        this.freshet = freshet;
        this.admin = Admin.create(adminConfig(ADMIN));
    }

    /** Kafka when {@value #KAFKA_PROPERTY} is set, otherwise a new Freshet with its data and certificates in {@code dir}. */
    static SecureBroker start(Path dir) {
        String kafka = System.getProperty(KAFKA_PROPERTY, "");
        if (!kafka.isBlank()) {
            return new SecureBroker(parseListeners(kafka), Path.of(System.getProperty(CERTS_PROPERTY)),
                    SCRIPT_STORE_PASSWORD, null);
        }
        Path certs = dir.resolve("certs");
        String storePassword = writeCertificates(dir.resolve("generated"), certs);
        Map<Listener, Integer> ports = new EnumMap<>(Listener.class);
        for (Listener l : Listener.values()) {
            ports.put(l, freePort());
        }
        Map<String, String> values = new HashMap<>();
        ports.forEach((l, p) -> values.put(l.name() + "_PORT", Integer.toString(p)));
        values.put("DATA_DIR", dir.resolve("data").toString());
        values.put("CERT_DIR", certs.toString());
        values.put("STORE_PASSWORD", storePassword);
        EmbeddedFreshet freshet = EmbeddedFreshet.start(dir.resolve("data"), serverProperties(values));
        Map<Listener, String> bootstrap = new EnumMap<>(Listener.class);
        ports.forEach((l, p) -> bootstrap.put(l, "127.0.0.1:" + p));
        return new SecureBroker(bootstrap, certs, storePassword, freshet);
    }

    boolean isKafka() {
        return freshet == null;
    }

    String name() {
        return isKafka() ? "Apache Kafka" : "Freshet";
    }

    String bootstrap(Listener listener) {
        return bootstrap.get(listener);
    }

    Path certs() {
        return certs;
    }

    String storePassword() {
        return storePassword;
    }

    /** The principal Kafka's default rule gives the client certificate: User: and its subject DN (RFC 2253). */
    String tlsPrincipal() {
        try (InputStream in = Files.newInputStream(certs.resolve("client.pem"))) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return "User:" + cert.getSubjectX500Principal().getName();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The super user's Admin client (SASL_PLAINTEXT, PLAIN admin). */
    Admin admin() {
        return admin;
    }

    /** Client properties (Java client keys) for a connection to {@code listener} with {@code credentials}. */
    Map<String, Object> clientConfig(Listener listener, Credentials credentials) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap(listener));
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.valueOf(listener.name()).name);
        if (listener == Listener.SSL || listener == Listener.SASL_SSL) {
            props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
            props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certs.resolve("truststore.p12").toString());
            props.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, storePassword);
        }
        if (credentials.mechanism() != null) {
            String module = credentials.mechanism().equals("PLAIN")
                    ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            props.put(SaslConfigs.SASL_MECHANISM, credentials.mechanism());
            props.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + credentials.user()
                    + "\" password=\"" + credentials.password() + "\";");
        }
        return props;
    }

    /** As {@link #clientConfig} on SSL, presenting the client certificate (principal User:{@value #TLS_CLIENT_DN}). */
    Map<String, Object> tlsClientConfig() {
        Map<String, Object> props = clientConfig(Listener.SSL, Credentials.NONE);
        props.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
        props.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, certs.resolve("client.p12").toString());
        props.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, storePassword);
        props.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, storePassword);
        return props;
    }

    Map<String, Object> adminConfig(Credentials credentials) {
        Map<String, Object> props = clientConfig(Listener.SASL_PLAINTEXT, credentials);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return props;
    }

    void createTopics(int partitions, String... topics) throws Exception {
        List<NewTopic> news = new ArrayList<>();
        for (String topic : topics) {
            news.add(new NewTopic(topic, partitions, (short) 1));
        }
        admin.createTopics(news).all().get(30, TimeUnit.SECONDS);
    }

    void upsertScram(ScramMechanism mechanism, String user, String password) throws Exception {
        admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(mechanism, 4096), password))).all().get(30, TimeUnit.SECONDS);
    }

    void deleteScram(ScramMechanism mechanism, String user) throws Exception {
        admin.alterUserScramCredentials(List.of(new UserScramCredentialDeletion(user, mechanism)))
                .all().get(30, TimeUnit.SECONDS);
    }

    /** Creates the ACLs; {@code AclBinding}s built with {@link #acl}. */
    void createAcls(AclBinding... acls) throws Exception {
        admin.createAcls(List.of(acls)).all().get(30, TimeUnit.SECONDS);
    }

    static AclBinding acl(String principal, ResourceType type, String name, PatternType pattern,
            AclOperation operation, AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, permission));
    }

    static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern, AclOperation op) {
        return acl(principal, type, name, pattern, op, AclPermissionType.ALLOW);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        if (freshet != null) {
            freshet.close();
        }
    }

    /** security/server.properties with its ${NAME} placeholders filled in. */
    static Map<String, String> serverProperties(Map<String, String> values) {
        String text;
        try (InputStream in = SecureBroker.class.getResourceAsStream("/security/server.properties")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Map.Entry<String, String> v : values.entrySet()) {
            text = text.replace("${" + v.getKey() + "}", v.getValue());
        }
        Properties props = new Properties();
        try {
            props.load(new java.io.StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> out.put(k, props.getProperty(k)));
        return out;
    }

    /** "PLAINTEXT://h:p,SSL://h:p,..." as scripts/security-kafka.sh listeners prints it. */
    static Map<Listener, String> parseListeners(String value) {
        Map<Listener, String> out = new EnumMap<>(Listener.class);
        for (String entry : value.split(",")) {
            int scheme = entry.indexOf("://");
            out.put(Listener.valueOf(entry.substring(0, scheme).trim()), entry.substring(scheme + 3).trim());
        }
        if (out.size() != Listener.values().length) {
            throw new IllegalArgumentException(KAFKA_PROPERTY + " must name every listener of " + List.of(Listener.values())
                    + ", got " + value);
        }
        return out;
    }

    /** TestCertificates' CA, server and client ({@value #TLS_CLIENT_DN}) files, copied to Kafka's layout. */
    private static String writeCertificates(Path generated, Path certs) {
        TestCertificates tc = TestCertificates.create(generated);
        TestCertificates.Identity client = tc.client(TLS_CLIENT_DN);
        try {
            Files.createDirectories(certs);
            Files.copy(tc.caPem(), certs.resolve("ca.pem"));
            Files.copy(tc.truststore(), certs.resolve("truststore.p12"));
            Files.copy(tc.server().keystore(), certs.resolve("server.p12"));
            Files.copy(client.keystore(), certs.resolve("client.p12"));
            Files.copy(client.certificateChainPem(), certs.resolve("client.pem"));
            Files.copy(client.privateKeyPem(), certs.resolve("client.key"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tc.password();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path scriptDir() {
        return Path.of(System.getProperty("freshet.it.scriptDir", "src/test"));
    }

    static Path nodeScript(String name) {
        Path script = scriptDir().resolve("node").resolve(name);
        if (!Files.exists(script)) {
            throw new IllegalStateException("missing " + script);
        }
        return script;
    }
}
