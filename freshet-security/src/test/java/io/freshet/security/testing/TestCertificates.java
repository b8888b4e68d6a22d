package io.freshet.security.testing;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Certificates for TLS tests, written to a directory both as PKCS12 stores and as PEM files: a CA (the trust
 * anchor of {@link #truststore()} and {@link #caPem()}), a server certificate for {@code 127.0.0.1} and
 * {@code localhost} signed by it, client certificates with any DN signed by it, and a client and a server
 * certificate signed by another CA that nothing trusts.
 *
 * <p>EC P-256 keys: generating a whole set takes milliseconds. {@link #shared()} generates one set per JVM (a
 * surefire fork runs many test classes; the set is immutable, so sharing it is safe); {@link #create(Path)} writes
 * a fresh one where a test wants it. Every store and key uses {@link #password()}; PEM private keys are unencrypted
 * PKCS#8 (what kcat's {@code ssl.key.location} and Kafka's PEM keystore read without a key password).
 */
public final class TestCertificates {

    /** The DN of the server certificate. */
    public static final String SERVER_DN = "CN=localhost,OU=test,O=freshet";
    /** The DN of {@link #untrustedClient()}. */
    public static final String UNTRUSTED_CLIENT_DN = "CN=mallory,OU=dev,O=freshet";

    private static final String PASSWORD = "test-password";
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
    private static TestCertificates shared;

    private final Path dir;
    private final Authority ca;
    private final Authority otherCa;
    private final Identity server;
    private final Identity untrustedClient;
    private final Identity untrustedServer;
    private final Map<String, Identity> clients = new HashMap<>();

    /** One name and its files: a PKCS12 keystore (key + chain) and the same key and chain as PEM files. */
    public record Identity(String dn, Path keystore, Path certificateChainPem, Path privateKeyPem, String password) {

        /** The chain PEM's text, for Kafka's inline {@code ssl.keystore.certificate.chain}. */
        public String certificateChain() {
            return read(certificateChainPem);
        }

        /** The key PEM's text, for Kafka's inline {@code ssl.keystore.key}. */
        public String privateKey() {
            return read(privateKeyPem);
        }
    }

    private record Authority(String dn, KeyPair keys, X509Certificate certificate) {
    }

    private TestCertificates(Path dir) throws GeneralSecurityException, IOException {
        this.dir = Files.createDirectories(dir);
        this.ca = authority("CN=Freshet Test CA,O=freshet");
        this.otherCa = authority("CN=Other CA,O=elsewhere");
        writePem(dir.resolve("ca.pem"), ca.certificate);
        writePem(dir.resolve("other-ca.pem"), otherCa.certificate);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate);
        store(trust, dir.resolve("truststore.p12"));
        this.server = issue(ca, SERVER_DN, true, "server");
        this.untrustedServer = issue(otherCa, SERVER_DN, true, "untrusted-server");
        this.untrustedClient = issue(otherCa, UNTRUSTED_CLIENT_DN, false, "untrusted-client");
    }

    /** One set per JVM, in a temporary directory removed at exit. */
    public static synchronized TestCertificates shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("freshet-test-certs");
                shared = create(dir);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** A fresh set written to {@code dir} (created if absent). */
    public static TestCertificates create(Path dir) {
        try {
            return new TestCertificates(dir);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate test certificates", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path directory() {
        return dir;
    }

    /** The password of every keystore, truststore and key. */
    public String password() {
        return PASSWORD;
    }

    /** PKCS12 truststore holding the CA certificate. */
    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    /** The CA certificate as PEM (kcat's {@code ssl.ca.location}, Kafka's PEM truststore). */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** The certificate of the CA nobody trusts, as PEM. */
    public Path otherCaPem() {
        return dir.resolve("other-ca.pem");
    }

    /** Server certificate for 127.0.0.1 and localhost, signed by the CA. */
    public Identity server() {
        return server;
    }

    /** Server certificate for 127.0.0.1 and localhost signed by the other CA: clients trusting the CA refuse it. */
    public Identity untrustedServer() {
        return untrustedServer;
    }

    /** Client certificate ({@link #UNTRUSTED_CLIENT_DN}) signed by the other CA: a broker trusting the CA refuses it. */
    public Identity untrustedClient() {
        return untrustedClient;
    }

    /** A client certificate with this DN (e.g. {@code CN=alice,OU=dev,O=freshet}) signed by the CA; made once per DN. */
    public synchronized Identity client(String dn) {
        return clients.computeIfAbsent(dn, d -> {
            try {
                return issue(ca, d, false, "client-" + clients.size());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot generate a client certificate for " + d, e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * The broker's keys for a TLS listener with the server certificate in a PKCS12 keystore and the CA as
     * truststore (which only matters when client certificates are asked for): {@code ssl.keystore.*} and
     * {@code ssl.truststore.*}, each key prefixed with {@code prefix} (e.g. {@code "listener.name.ssl."} or "").
     */
    public Map<String, String> serverProperties(String prefix) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(prefix + "ssl.keystore.type", "PKCS12");
        p.put(prefix + "ssl.keystore.location", server.keystore().toString());
        p.put(prefix + "ssl.keystore.password", PASSWORD);
        p.put(prefix + "ssl.key.password", PASSWORD);
        p.put(prefix + "ssl.truststore.type", "PKCS12");
        p.put(prefix + "ssl.truststore.location", truststore().toString());
        p.put(prefix + "ssl.truststore.password", PASSWORD);
        return p;
    }

    /** The same as {@link #serverProperties(String)} with PEM files: the key and chain, and the CA as truststore. */
    public Map<String, String> serverPemProperties(String prefix) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(prefix + "ssl.keystore.type", "PEM");
        p.put(prefix + "ssl.keystore.key", server.privateKey());
        p.put(prefix + "ssl.keystore.certificate.chain", server.certificateChain());
        p.put(prefix + "ssl.truststore.type", "PEM");
        p.put(prefix + "ssl.truststore.certificates", read(caPem()));
        return p;
    }

    /**
     * A Kafka client's properties for {@code security.protocol=SSL} trusting the CA (PKCS12 truststore), with
     * {@code identity}'s keystore for mutual TLS, or none when {@code identity} is null.
     */
    public Map<String, Object> clientProperties(Identity identity) {
        Map<String, Object> p = new HashMap<>();
        p.put("security.protocol", "SSL");
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", truststore().toString());
        p.put("ssl.truststore.password", PASSWORD);
        if (identity != null) {
            p.put("ssl.keystore.type", "PKCS12");
            p.put("ssl.keystore.location", identity.keystore().toString());
            p.put("ssl.keystore.password", PASSWORD);
            p.put("ssl.key.password", PASSWORD);
        }
        return p;
    }

    /** The same as {@link #clientProperties(Identity)} with PEM (inline key and chain, CA certificate). */
    public Map<String, Object> clientPemProperties(Identity identity) {
        Map<String, Object> p = new HashMap<>();
        p.put("security.protocol", "SSL");
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.certificates", read(caPem()));
        if (identity != null) {
            p.put("ssl.keystore.type", "PEM");
            p.put("ssl.keystore.key", identity.privateKey());
            p.put("ssl.keystore.certificate.chain", identity.certificateChain());
        }
        return p;
    }

    private static Authority authority(String dn) throws GeneralSecurityException, IOException {
        KeyPair keys = keyPair();
        X500Name name = x500(dn);
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = builder(name, name, keys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        return new Authority(dn, keys, sign(b, keys));
    }

    private Identity issue(Authority issuer, String dn, boolean server, String fileStem)
            throws GeneralSecurityException, IOException {
        KeyPair keys = keyPair();
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = builder(x500(issuer.dn), x500(dn), keys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[]{KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                .addExtension(Extension.authorityKeyIdentifier, false,
                        ext.createAuthorityKeyIdentifier(issuer.certificate))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        if (server) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, "localhost")}));
        }
        X509Certificate cert = sign(b, issuer.keys);
        Certificate[] chain = {cert, issuer.certificate};

        Path keystore = dir.resolve(fileStem + ".p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("key", keys.getPrivate(), PASSWORD.toCharArray(), chain);
        store(ks, keystore);
        Path chainPem = dir.resolve(fileStem + "-chain.pem");
        writePem(chainPem, chain);
        Path keyPem = dir.resolve(fileStem + "-key.pem");
        Files.writeString(keyPem, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        return new Identity(dn, keystore, chainPem, keyPem, PASSWORD);
    }

    /**
     * The DN as the JDK encodes it: {@code X500Principal.getName()} (what Kafka maps) then prints it back as
     * written. BouncyCastle's own parser keeps the written order in the encoding, which prints reversed.
     */
    private static X500Name x500(String dn) {
        return X500Name.getInstance(new javax.security.auth.x500.X500Principal(dn).getEncoded());
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))),
                subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) throws GeneralSecurityException {
        try {
            ContentSigner s = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(b.build(s));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static void store(KeyStore ks, Path file) throws GeneralSecurityException, IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, PASSWORD.toCharArray());
        }
    }

    private static void writePem(Path file, Certificate... certs) throws GeneralSecurityException, IOException {
        StringBuilder sb = new StringBuilder();
        for (Certificate c : certs) {
            sb.append(pem("CERTIFICATE", c.getEncoded()));
        }
        Files.writeString(file, sb.toString());
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at JVM exit
        }
    }
}
