package io.freshet.it.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.freshet.testkit.FreshetExtension;
import io.freshet.tools.cluster.ClusterCommand;
import io.freshet.tools.topic.TopicCommand;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ScratchTourTest {
    @RegisterExtension
    static final FreshetExtension FRESHET = FreshetExtension.perClass();

    StringBuilder log = new StringBuilder();

    void run(io.freshet.tools.cli.ToolCommand c, String... args) {
        CliRun r = CliRun.of(c, FRESHET.bootstrapServers(), args);
        log.append("$ freshet ").append(c.name()).append(' ').append(String.join(" ", args)).append("   [exit ")
            .append(r.exitCode()).append("]\n").append(r.out()).append(r.err()).append('\n');
    }

    @Test
    void tour() throws Exception {
        run(TopicCommand.TOOL, "create", "orders", "-p", "3", "-c", "retention.ms=604800000");
        run(TopicCommand.TOOL, "create", "orders");
        run(TopicCommand.TOOL, "create", "payments", "-c", "retention.ms=soon");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, FRESHET.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (int i = 0; i < 1000; i++) {
                producer.send(new ProducerRecord<>("orders", "customer-" + (i % 37), "{\"order\":" + i + "}"));
            }
        }
        run(TopicCommand.TOOL, "list");
        run(TopicCommand.TOOL, "list", "--internal");
        run(TopicCommand.TOOL, "describe", "orders");
        run(TopicCommand.TOOL, "alter-config", "orders", "--set", "cleanup.policy=compact", "--delete", "retention.ms");
        run(TopicCommand.TOOL, "add-partitions", "orders", "-n", "2");
        run(TopicCommand.TOOL, "describe", "nowhere");
        run(TopicCommand.TOOL, "delete", "orders");
        run(ClusterCommand.TOOL, "info");
        Files.writeString(Path.of("/tmp/cli-admin-tour.txt"), log);
    }
}
