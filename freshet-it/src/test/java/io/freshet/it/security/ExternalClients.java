package io.freshet.it.security;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.freshet.it.ProcessRun;
import io.freshet.it.security.SecureBroker.Credentials;
import io.freshet.it.security.SecureBroker.Listener;

import org.junit.jupiter.api.Assumptions;

/**
 * kcat (librdkafka 2.0.2) and kafkajs (node/security-client.js) run as processes against a {@link SecureBroker},
 * configured for a listener and credentials the way their users configure them.
 */
final class ExternalClients {

    static final String KCAT = "/usr/bin/kcat";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecureBroker broker;
    private final Path temp;

    ExternalClients(SecureBroker broker, Path temp) {
        this.broker = broker;
        this.temp = temp;
    }

    record Result(int exit, String stdout, String stderr) {
        List<String> lines() {
            return stdout.lines().toList();
        }

        /** kafkajs: the JSON line security-client.js printed for step {@code index} (a missing one is {}). */
        JsonNode step(int index) {
            List<String> lines = lines();
            try {
                return JSON.readTree(index < lines.size() ? lines.get(index) : "{}");
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + stdout + "; stderr: " + stderr, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + exit + ", stdout: " + stdout + ", stderr: " + stderr;
        }
    }

    /** kcat's -X options for the listener: TLS trust (and the client certificate if {@code certificate}), SASL. */
    List<String> kcatSecurity(Listener listener, Credentials credentials, boolean certificate) {
        List<String> out = new ArrayList<>(List.of("-b", broker.bootstrap(listener),
                "-X", "security.protocol=" + listener.name().toLowerCase()));
        if (listener == Listener.SSL || listener == Listener.SASL_SSL) {
            out.addAll(List.of("-X", "ssl.ca.location=" + broker.certs().resolve("ca.pem")));
        }
        if (certificate) {
            out.addAll(List.of("-X", "ssl.keystore.location=" + broker.certs().resolve("client.p12"),
                    "-X", "ssl.keystore.password=" + broker.storePassword()));
        }
        if (credentials.mechanism() != null) {
            out.addAll(List.of("-X", "sasl.mechanisms=" + credentials.mechanism(),
                    "-X", "sasl.username=" + credentials.user(), "-X", "sasl.password=" + credentials.password()));
        }
        return out;
    }

    Result kcat(Listener listener, Credentials credentials, boolean certificate, List<String> args, String stdin) {
        Assumptions.assumeTrue(new File(KCAT).canExecute(), "kcat missing: run scripts/install-test-deps.sh");
        List<String> command = new ArrayList<>(List.of(KCAT));
        command.addAll(kcatSecurity(listener, credentials, certificate));
        command.addAll(args);
        return run(command, stdin);
    }

    /** One step of node/security-client.js: an operation and its topic, record count and group. */
    record Step(String op, String topic, int count, String group) {
        static Step of(String op, String topic) {
            return new Step(op, topic, 0, "");
        }
    }

    /**
     * node security-client.js running {@code steps} in one process (one output line each), with the listener's TLS
     * trust (the client certificate if asked) and SASL credentials.
     */
    Result kafkajs(Listener listener, Credentials credentials, boolean certificate, Step... steps) {
        String json;
        try {
            json = JSON.writeValueAsString(List.of(steps));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of("node", SecureBroker.nodeScript("security-client.js").toString(),
                "--bootstrap", broker.bootstrap(listener), "--steps", json));
        if (listener == Listener.SSL || listener == Listener.SASL_SSL) {
            command.addAll(List.of("--ca", broker.certs().resolve("ca.pem").toString()));
        }
        if (certificate) {
            command.addAll(List.of("--cert", broker.certs().resolve("client.pem").toString(),
                    "--key", broker.certs().resolve("client.key").toString()));
        }
        if (credentials.mechanism() != null) {
            command.addAll(List.of("--mechanism", credentials.mechanism().toLowerCase(),
                    "--user", credentials.user(), "--password", credentials.password()));
        }
        return run(command, null);
    }

    Result run(List<String> command, String stdin) {
        try {
            ProcessRun.Output output = ProcessRun.run(temp, command, stdin);
            return new Result(output.exit(), output.stdout(), output.stderr());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
