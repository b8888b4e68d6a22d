package io.freshet.bench.move;

import io.freshet.bench.launch.JavaCommand;
import io.freshet.bench.launch.JvmProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * MirrorMaker 2 in dedicated mode ({@code org.apache.kafka.connect.mirror.MirrorMaker}, from the jars
 * bench/mirror/pom.xml lists) in a JVM of its own, mirroring one way, {@code freshet -> kafka}: the move's topics
 * under their own names (IdentityReplicationPolicy), their configs, and the groups' committed offsets translated
 * through its checkpoints and written to Kafka ({@code sync.group.offsets.enabled}). The settings are what a user of
 * this move would write; {@link #settings} is printed in the report.
 */
final class MirrorMakerProcess implements AutoCloseable {

    private final Process process;

    private MirrorMakerProcess(Process process) {
        this.process = process;
    }

    /** The mm2.properties of a move from {@code freshet} to {@code kafka}. */
    static Map<String, String> settings(String freshet, String kafka, String topics, String groups) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("clusters", "freshet, kafka");
        settings.put("freshet.bootstrap.servers", freshet);
        settings.put("kafka.bootstrap.servers", kafka);
        settings.put("freshet->kafka.enabled", "true");
        settings.put("kafka->freshet.enabled", "false");
        settings.put("freshet->kafka.topics", topics);
        settings.put("freshet->kafka.groups", groups);
        // topic names unchanged on Kafka, so applications switch without renaming anything
        settings.put("replication.policy.class", "org.apache.kafka.connect.mirror.IdentityReplicationPolicy");
        settings.put("sync.topic.configs.enabled", "true");
        settings.put("sync.topic.acls.enabled", "false");
        settings.put("sync.group.offsets.enabled", "true");
        settings.put("sync.group.offsets.interval.seconds", "1");
        settings.put("emit.checkpoints.interval.seconds", "1");
        settings.put("refresh.topics.interval.seconds", "5");
        settings.put("refresh.groups.interval.seconds", "5");
        // MirrorMaker's offset syncs kept on Kafka: nothing of the move is written to the Freshet being left
        settings.put("offset-syncs.topic.location", "target");
        settings.put("tasks.max", "4");
        for (String key : List.of("replication.factor", "checkpoints.topic.replication.factor",
            "heartbeats.topic.replication.factor", "offset-syncs.topic.replication.factor",
            "offset.storage.replication.factor", "config.storage.replication.factor",
            "status.storage.replication.factor")) {
            settings.put(key, "1"); // one Kafka broker here; a cluster keeps its default of 3
        }
        return settings;
    }

    static MirrorMakerProcess start(Path mirrorLib, Map<String, String> settings, Path workDir) throws IOException {
        Path properties = workDir.resolve("mm2.properties");
        Files.writeString(properties, render(settings));
        List<String> command = new ArrayList<>(List.of(JavaCommand.java(), "-Xmx2g", // connect-distributed.sh's heap
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", mirrorLib.resolve("*").toString(),
            // --clusters kafka: only the workers that write to Kafka; none runs against Freshet as its target
            "org.apache.kafka.connect.mirror.MirrorMaker", properties.toString(), "--clusters", "kafka"));
        Process process = JvmProcesses.launch(command, workDir.resolve("mirror-maker.log"));
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "move-stop-mirror-maker"));
        return new MirrorMakerProcess(process);
    }

    static String render(Map<String, String> settings) {
        return settings.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
            .collect(Collectors.joining("\n", "", "\n"));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        JvmProcesses.stop(process);
    }
}
