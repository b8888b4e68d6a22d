package io.freshet.broker.network;

import io.freshet.broker.handler.ApiHandler;
import io.freshet.broker.handler.ApiRouter;
import io.freshet.broker.handler.ApiVersionRange;
import io.freshet.broker.handler.RequestContext;
import io.freshet.broker.metadata.FeatureLevels;
import io.freshet.broker.metrics.RequestObserver;
import io.freshet.security.listener.ListenerEndpoint;
import io.freshet.security.listener.Listeners;
import io.freshet.security.testing.TestCertificates;
import io.freshet.security.tls.ServerTls;
import io.freshet.storage.file.StorageIo;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Kafka listener's TLS at the network layer, with the real Java client and a router of one tiny Metadata
 * handler that records who each request came from ({@code ConnectionState}): the principal from the client
 * certificate, mutual TLS refusals, protocol versions, and bad clients that must close only their own connection.
 * One server with four listeners for the whole class.
 */
@Timeout(60)
class TlsListenerTest {

    private static final TestCertificates CERTS = TestCertificates.shared();
    private static final String ALICE = "CN=alice,OU=dev,O=freshet";

    /** (listener, protocol, principal) of every Metadata request, in arrival order. */
    record Seen(String listener, SecurityProtocol protocol, KafkaPrincipal principal) {
    }

    private static final LinkedBlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private static SocketServer server;
    private static Map<String, Integer> ports = new HashMap<>();

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        Map<String, String> props = new HashMap<>(CERTS.serverProperties(""));
        props.put("ssl.client.auth", "requested");
        props.put("listener.name.mtls.ssl.client.auth", "required");
        props.put("listener.name.tls13.ssl.enabled.protocols", "TLSv1.3");
        Listeners listeners = Listeners.parse("PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0,MTLS://127.0.0.1:0,"
            + "TLS13://127.0.0.1:0", null, "PLAINTEXT:PLAINTEXT,SSL:SSL,MTLS:SSL,TLS13:SSL", "127.0.0.1");
        Map<String, ServerTls> tls = new HashMap<>();
        for (ListenerEndpoint l : listeners.listeners()) {
            if (l.tls()) {
                tls.put(l.name(), ServerTls.forListener(l.name(), props));
            }
        }
        ApiRouter router = new ApiRouter(List.of(new RecordingMetadata()), FeatureLevels.open(StorageIo.SYSTEM, dir));
        server = new SocketServer(listeners.listeners(), tls::get, 1 << 20, router, RequestObserver.NONE);
        for (ListenerEndpoint bound : server.start()) {
            ports.put(bound.name(), bound.port());
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void theCertificateDnIsThePrincipalAndNoCertificateIsAnonymous() throws Exception {
        assertThat(describe("SSL", CERTS.clientProperties(CERTS.client(ALICE))))
            .isEqualTo(new Seen("SSL", SecurityProtocol.SSL, new KafkaPrincipal(KafkaPrincipal.USER_TYPE, ALICE)));
        assertThat(describe("SSL", CERTS.clientPemProperties(null)))
            .isEqualTo(new Seen("SSL", SecurityProtocol.SSL, KafkaPrincipal.ANONYMOUS));
        assertThat(describe("PLAINTEXT", Map.of()))
            .isEqualTo(new Seen("PLAINTEXT", SecurityProtocol.PLAINTEXT, KafkaPrincipal.ANONYMOUS));
    }

    @Test
    void requiredClientAuthRefusesNoCertificateAndAnUntrustedOne() throws Exception {
        assertThatThrownBy(() -> describe("MTLS", CERTS.clientProperties(null)))
            .hasRootCauseInstanceOf(javax.net.ssl.SSLException.class)
            .cause().isInstanceOf(SslAuthenticationException.class);
        assertThatThrownBy(() -> describe("MTLS", CERTS.clientProperties(CERTS.untrustedClient())))
            .cause().isInstanceOf(SslAuthenticationException.class);
        String bob = "CN=bob,OU=ops,O=freshet";
        assertThat(describe("MTLS", CERTS.clientPemProperties(CERTS.client(bob))).principal())
            .isEqualTo(new KafkaPrincipal(KafkaPrincipal.USER_TYPE, bob));
    }

    @Test
    void aTls12OnlyClientCannotReachATls13OnlyListenerButReachesOneWithBoth() throws Exception {
        Map<String, Object> tls12 = new HashMap<>(CERTS.clientProperties(null));
        tls12.put("ssl.enabled.protocols", "TLSv1.2");
        tls12.put("ssl.protocol", "TLSv1.2");
        assertThatThrownBy(() -> describe("TLS13", tls12)).cause().isInstanceOf(SslAuthenticationException.class);
        assertThat(describe("SSL", tls12).listener()).isEqualTo("SSL");
        assertThat(describe("TLS13", CERTS.clientProperties(null)).listener()).isEqualTo("TLS13");
    }

    @Test
    void aClientOfTheWrongKindOrGarbageClosesOnlyItsOwnConnection() throws Exception {
        byte[] apiVersionsFrame = {0, 0, 0, 10, 0, 18, 0, 3, 0, 0, 0, 1, -1, -1};
        assertClosedAfter("SSL", apiVersionsFrame);
        assertClosedAfter("SSL", "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
        // a TLS ClientHello record header on the plaintext port reads as a frame of ~370 MB: refused
        assertClosedAfter("PLAINTEXT", new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc});
        // a TLS record header followed by garbage on the TLS port
        byte[] garbage = new byte[300];
        garbage[0] = 0x16;
        garbage[1] = 0x03;
        garbage[2] = 0x03;
        garbage[3] = 0x01;
        garbage[4] = 0x00;
        for (int i = 5; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 31);
        }
        assertClosedAfter("TLS13", garbage);

        assertThat(describe("SSL", CERTS.clientProperties(CERTS.client(ALICE))).principal().getName())
            .as("the listener still serves good clients").isEqualTo(ALICE);
    }

    private static void assertClosedAfter(String listener, byte[] bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", ports.get(listener))) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            int read;
            try {
                // a TLS listener may answer with an alert before closing; drain up to the end of the stream
                do {
                    read = in.read();
                } while (read >= 0);
            } catch (SocketException reset) {
                read = -1;
            }
            assertThat(read).as("server closed the connection from a bad client on " + listener).isEqualTo(-1);
        }
    }

    /** Admin.describeCluster over the listener; returns who the handler saw. */
    private static Seen describe(String listener, Map<String, Object> clientProps) throws Exception {
        seen.clear();
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + ports.get(listener));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(props)) {
            var nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(10_000)).nodes()
                .get(15, TimeUnit.SECONDS);
            assertThat(nodes).hasSize(1);
            assertThat(nodes.iterator().next().port()).isEqualTo(ports.get(listener));
        } catch (ExecutionException e) {
            throw e;
        }
        Seen first = seen.poll(5, TimeUnit.SECONDS);
        assertThat(first).as("a Metadata request reached the handler").isNotNull();
        return first;
    }

    /** Metadata: one broker, at the port of the listener the request came in on; records the connection state. */
    private static final class RecordingMetadata implements ApiHandler<MetadataRequestData, MetadataResponseData> {

        @Override
        public ApiVersionRange versions() {
            return new ApiVersionRange(ApiKeys.METADATA, (short) 0, (short) 12);
        }

        @Override
        public CompletableFuture<MetadataResponseData> handle(RequestContext context, MetadataRequestData request) {
            var c = context.connection();
            seen.add(new Seen(c.listenerName(), c.securityProtocol(), c.principal()));
            MetadataResponseData response = new MetadataResponseData().setClusterId("tls-test").setControllerId(1);
            response.brokers().add(new MetadataResponseData.MetadataResponseBroker().setNodeId(1)
                .setHost("127.0.0.1").setPort(ports.get(c.listenerName())));
            return CompletableFuture.completedFuture(response);
        }
    }
}
