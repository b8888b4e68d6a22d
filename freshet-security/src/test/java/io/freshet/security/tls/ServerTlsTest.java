package io.freshet.security.tls;

import io.freshet.security.testing.TestCertificates;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerTlsTest {

    private static final TestCertificates CERTS = TestCertificates.shared();
    private static final String ALICE = "CN=alice,OU=dev,O=freshet";

    @Test
    void pkcs12KeystoreWithoutClientCertificateIsAnonymous() throws Exception {
        ServerTls tls = ServerTls.forListener("SSL", CERTS.serverProperties(""));
        SSLSession session = handshake(tls.newServerEngine("127.0.0.1", 1), client(CERTS.clientProperties(null)));
        assertThat(session.getProtocol()).isEqualTo("TLSv1.3");
        assertThat(tls.principal(session, InetAddress.getLoopbackAddress())).isEqualTo(KafkaPrincipal.ANONYMOUS);
    }

    @Test
    void pemKeysAndClientCertificateGiveTheWholeDn() throws Exception {
        Map<String, String> props = new HashMap<>(CERTS.serverPemProperties(""));
        props.put("ssl.client.auth", "required");
        ServerTls tls = ServerTls.forListener("SSL", props);
        SSLSession session = handshake(tls.newServerEngine("127.0.0.1", 1),
                client(CERTS.clientPemProperties(CERTS.client(ALICE))));
        assertThat(tls.principal(session, InetAddress.getLoopbackAddress()))
                .isEqualTo(new KafkaPrincipal(KafkaPrincipal.USER_TYPE, ALICE));
    }

    @Test
    void aPemFileWithKeyAndChainIsAKeystore(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path pem = dir.resolve("server.pem");
        java.nio.file.Files.writeString(pem, CERTS.server().privateKey() + CERTS.server().certificateChain());
        ServerTls tls = ServerTls.forListener("SSL", Map.of("ssl.keystore.type", "PEM",
                "ssl.keystore.location", pem.toString()));
        SSLSession session = handshake(tls.newServerEngine("127.0.0.1", 1), client(CERTS.clientPemProperties(null)));
        assertThat(((java.security.cert.X509Certificate) session.getLocalCertificates()[0])
                .getSubjectX500Principal().getName()).isEqualTo(TestCertificates.SERVER_DN);
    }

    @Test
    void mappingRulesAndListenerOverridesApply() throws Exception {
        Map<String, String> props = new HashMap<>(CERTS.serverProperties("listener.name.secure."));
        props.put("ssl.keystore.location", "/nowhere/at/all.p12"); // overridden by the listener's own key
        props.put("listener.name.secure.ssl.client.auth", "requested");
        props.put("ssl.principal.mapping.rules", "RULE:^CN=(.*?),OU=(.*?),O=(.*?)$/$1/L,DEFAULT");
        ServerTls tls = ServerTls.forListener("SECURE", props);
        SSLSession session = handshake(tls.newServerEngine("127.0.0.1", 1),
                client(CERTS.clientProperties(CERTS.client(ALICE))));
        assertThat(tls.principal(session, InetAddress.getLoopbackAddress()).getName()).isEqualTo("alice");
    }

    @Test
    void requiredClientAuthRefusesAClientWithoutOrWithAnUntrustedCertificate() throws Exception {
        Map<String, String> props = new HashMap<>(CERTS.serverProperties(""));
        props.put("ssl.client.auth", "required");
        ServerTls tls = ServerTls.forListener("SSL", props);
        assertThatThrownBy(() -> handshake(tls.newServerEngine("127.0.0.1", 1), client(CERTS.clientProperties(null))))
                .isInstanceOf(SSLException.class);
        assertThatThrownBy(() -> handshake(tls.newServerEngine("127.0.0.1", 1),
                client(CERTS.clientProperties(CERTS.untrustedClient()))))
                .isInstanceOf(SSLException.class);
    }

    @Test
    void enabledProtocolsMustOverlap() throws Exception {
        Map<String, String> props = new HashMap<>(CERTS.serverProperties(""));
        props.put("ssl.enabled.protocols", "TLSv1.3");
        ServerTls tls = ServerTls.forListener("SSL", props);
        Map<String, Object> client12 = new HashMap<>(CERTS.clientProperties(null));
        client12.put("ssl.enabled.protocols", "TLSv1.2");
        client12.put("ssl.protocol", "TLSv1.2");
        assertThatThrownBy(() -> handshake(tls.newServerEngine("127.0.0.1", 1), client(client12)))
                .isInstanceOf(SSLException.class);

        props.put("ssl.enabled.protocols", "TLSv1.2,TLSv1.3");
        SSLSession session = handshake(ServerTls.forListener("SSL", props).newServerEngine("127.0.0.1", 1),
                client(client12));
        assertThat(session.getProtocol()).isEqualTo("TLSv1.2");
    }

    @Test
    void badKeysAreOneLineNamingTheKey() {
        assertThatThrownBy(() -> ServerTls.forListener("SSL", Map.of()))
                .hasMessageStartingWith("ssl.keystore.location (or listener.name.ssl.ssl.keystore.location) is not set");

        Map<String, String> missing = new HashMap<>(CERTS.serverProperties("listener.name.ssl."));
        missing.put("listener.name.ssl.ssl.keystore.location", "/nowhere/server.p12");
        assertThatThrownBy(() -> ServerTls.forListener("SSL", missing))
                .hasMessage("listener.name.ssl.ssl.keystore.location: no readable file at '/nowhere/server.p12'");

        Map<String, String> wrongPassword = new HashMap<>(CERTS.serverProperties(""));
        wrongPassword.put("ssl.keystore.password", "not-it");
        assertThatThrownBy(() -> ServerTls.forListener("SSL", wrongPassword))
                .hasMessageStartingWith("ssl.keystore.location: TLS listener SSL cannot use it");

        Map<String, String> badAuth = new HashMap<>(CERTS.serverProperties(""));
        badAuth.put("ssl.client.auth", "sometimes");
        assertThatThrownBy(() -> ServerTls.forListener("SSL", badAuth)).hasMessageContaining("ssl.client.auth");

        Map<String, String> badProtocol = new HashMap<>(CERTS.serverProperties(""));
        badProtocol.put("ssl.enabled.protocols", "TLSv9");
        assertThatThrownBy(() -> ServerTls.forListener("SSL", badProtocol))
                .hasMessageStartingWith("ssl.enabled.protocols");

        Map<String, String> badRules = new HashMap<>(CERTS.serverProperties(""));
        badRules.put("ssl.principal.mapping.rules", "RULE:nonsense");
        assertThatThrownBy(() -> ServerTls.forListener("SSL", badRules))
                .hasMessageStartingWith("ssl.principal.mapping.rules");
    }

    @Test
    void theBrokersOwnClientsTrustAListenerThatHasOnlyAKeystore() throws Exception {
        for (Map<String, String> keys : List.of(CERTS.serverProperties(""), CERTS.serverPemProperties(""))) {
            Map<String, String> props = new HashMap<>(keys);
            props.keySet().removeIf(k -> k.startsWith("ssl.truststore."));
            props.put("listeners", "SSL://127.0.0.1:9093");
            Map<String, Object> internal = io.freshet.security.client.InternalClientProperties.of(props);
            SSLSession session = handshake(ServerTls.forListener("SSL", props).newServerEngine("127.0.0.1", 1),
                    client(internal));
            assertThat(session.getProtocol()).as(keys.get("ssl.keystore.type")).startsWith("TLSv1.");
        }
    }

    private static SSLEngine client(Map<String, Object> props) {
        Map<String, Object> strings = new HashMap<>();
        props.forEach((k, v) -> {
            if (!k.equals("security.protocol")) {
                strings.put(k, v);
            }
        });
        DefaultSslEngineFactory f = new DefaultSslEngineFactory();
        f.configure(new ConfigDef().withClientSslSupport().parse(strings));
        return f.createClientSslEngine("localhost", 9093, "https");
    }

    /** Runs a handshake between two engines in memory; returns the server's session, or throws the first failure. */
    static SSLSession handshake(SSLEngine server, SSLEngine client) throws SSLException {
        client.beginHandshake();
        server.beginHandshake();
        int size = 64 * 1024;
        ByteBuffer toServer = ByteBuffer.allocate(size);
        ByteBuffer toClient = ByteBuffer.allocate(size);
        ByteBuffer empty = ByteBuffer.allocate(0);
        ByteBuffer sink = ByteBuffer.allocate(size);
        for (int i = 0; i < 1000; i++) {
            boolean clientDone = step(client, empty, toServer, toClient, sink);
            boolean serverDone = step(server, empty, toClient, toServer, sink);
            if (clientDone && serverDone && toServer.position() == 0 && toClient.position() == 0) {
                // one more exchange pushes TLS 1.3 session tickets and a client's late alert through
                for (int j = 0; j < 3; j++) {
                    step(client, empty, toServer, toClient, sink);
                    step(server, empty, toClient, toServer, sink);
                }
                return server.getSession();
            }
        }
        throw new AssertionError("handshake did not finish");
    }

    /** Feeds {@code in} (filled by the peer) to the engine and writes what it produces to {@code out}. */
    private static boolean step(SSLEngine e, ByteBuffer app, ByteBuffer out, ByteBuffer in, ByteBuffer sink)
            throws SSLException {
        in.flip();
        while (in.hasRemaining()) {
            SSLEngineResult r = e.unwrap(in, sink);
            sink.clear();
            runTasks(e);
            if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0) {
                break;
            }
        }
        in.compact();
        while (e.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
            SSLEngineResult r = e.wrap(app, out);
            runTasks(e);
            if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesProduced() == 0) {
                break;
            }
        }
        if (e.isInboundDone() || e.isOutboundDone()) {
            throw new SSLException("engine closed during the handshake");
        }
        SSLEngineResult.HandshakeStatus hs = e.getHandshakeStatus();
        return hs == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING || hs == SSLEngineResult.HandshakeStatus.FINISHED;
    }

    private static void runTasks(SSLEngine e) {
        Runnable task;
        while ((task = e.getDelegatedTask()) != null) {
            task.run();
        }
    }
}
