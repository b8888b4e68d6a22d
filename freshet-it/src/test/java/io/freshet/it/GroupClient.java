package io.freshet.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How the group tests run a non-Java client: its producer script and its group-member script, both under
 * freshet-it/src/test ({@code node/} for kafkajs, {@code python/} for librdkafka through Debian's
 * python3-confluent-kafka). scripts/install-test-deps.sh installs both; {@link #missing()} says what is absent.
 */
enum GroupClient {

    KAFKAJS("kafkajs", "node/produce.js", "node/group-consume.js", "--assigner") {
        @Override
        String interpreter() {
            return NODE;
        }

        @Override
        String missing() {
            if (!new File(NODE).canExecute()) {
                return NODE;
            }
            Path kafkajs = scriptDir().resolve("node/node_modules/kafkajs/package.json");
            return Files.isRegularFile(kafkajs) ? null : kafkajs + " (npm ci in " + scriptDir().resolve("node") + ")";
        }
    },

    LIBRDKAFKA("librdkafka", "python/produce.py", "python/group_consume.py", "--strategy") {
        @Override
        String interpreter() {
            return PYTHON;
        }

        @Override
        String missing() {
            if (!new File(PYTHON).canExecute()) {
                return PYTHON;
            }
            try {
                Process p = new ProcessBuilder(PYTHON, "-c", "import confluent_kafka").redirectErrorStream(true)
                        .start();
                return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? null
                        : "python3-confluent-kafka for " + PYTHON;
            } catch (Exception e) {
                return "python3-confluent-kafka for " + PYTHON + " (" + e + ")";
            }
        }
    };

    /** The first node on PATH (Node 14 or newer), /usr/bin/node when PATH has none. */
    static final String NODE = onPath("node").orElse("/usr/bin/node");
    /** Debian's interpreter: python3-confluent-kafka is installed for it, not for a pyenv python3 on PATH. */
    static final String PYTHON = "/usr/bin/python3";

    private final String label;
    private final String producerScript;
    private final String memberScript;
    /** The member script's option naming the assignor (kafkajs and librdkafka call it differently). */
    private final String assignmentOption;

    GroupClient(String label, String producerScript, String memberScript, String assignmentOption) {
        this.label = label;
        this.producerScript = producerScript;
        this.memberScript = memberScript;
        this.assignmentOption = assignmentOption;
    }

    String label() {
        return label;
    }

    /** The program that runs this client's scripts. */
    abstract String interpreter();

    /** Produces {@code count} messages keyed {@code prefix-0 .. prefix-(count-1)}; prints {"type":"done"}. */
    List<String> producer(String bootstrap, String topic, int count, String prefix) {
        return List.of(interpreter(), script(producerScript), "--bootstrap", bootstrap, "--topic", topic,
                "--count", Integer.toString(count), "--prefix", prefix);
    }

    /**
     * One group member that handles and commits messages until it has {@code count} (0: until stdin closes) or
     * {@code timeoutMs} pass. {@code assignment}: the client's assignor choice, null for the script's default.
     */
    List<String> member(String bootstrap, String topic, String group, int count, long timeoutMs, String assignment) {
        List<String> command = new ArrayList<>(List.of(interpreter(), script(memberScript),
                "--bootstrap", bootstrap, "--topic", topic, "--group", group, "--count", Integer.toString(count),
                "--timeout-ms", Long.toString(timeoutMs)));
        if (assignment != null) {
            command.addAll(List.of(assignmentOption, assignment));
        }
        return command;
    }

    /** What is missing to run this client, or null when it can run. */
    abstract String missing();

    private static java.util.Optional<String> onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        return java.util.Arrays.stream(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> new File(dir, command)).filter(File::canExecute).map(File::getAbsolutePath).findFirst();
    }

    static Path scriptDir() {
        return Path.of(System.getProperty("freshet.it.scriptDir", "src/test")).toAbsolutePath();
    }

    private static String script(String relative) {
        return scriptDir().resolve(relative).toString();
    }
}
