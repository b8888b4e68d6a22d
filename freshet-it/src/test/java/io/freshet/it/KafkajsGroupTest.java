package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.freshet.it.ClientGroupMember.Handled;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InconsistentGroupProtocolException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Consumer groups from kafkajs 2.2.4 (npm, scripts in src/test/node): the shared tests of {@link GroupClientTests},
 * and one classic group of a kafkajs, a librdkafka and a Java member.
 *
 * <p>A classic group needs one protocol (assignor name) that every member offers. kafkajs offers only its
 * "RoundRobinAssigner"; librdkafka offers "range,roundrobin" by default, the Java client "range" and
 * "cooperative-sticky". So group-consume.js registers kafkajs' round-robin assigner under the name "roundrobin",
 * which librdkafka's default and Java's {@code RoundRobinAssignor} share; every member can then be the leader,
 * since all three read and write the same ConsumerProtocol subscription and assignment (checked against Apache
 * Kafka 4.4). With kafkajs' default name the broker refuses the second client: INCONSISTENT_GROUP_PROTOCOL.
 */
class KafkajsGroupTest extends GroupClientTests {

    KafkajsGroupTest() {
        super(GroupClient.KAFKAJS);
    }

    @Test
    void kafkajsLibrdkafkaAndJavaShouldShareOneGroupUnderTheRoundrobinProtocol() throws Exception {
        String librdkafkaMissing = GroupClient.LIBRDKAFKA.missing();
        Assumptions.assumeTrue(librdkafkaMissing == null, () -> "mixed group needs " + librdkafkaMissing);
        String topic = unique("mixed");
        String group = unique("mixed");
        int partitions = 6;
        int messages = 600;
        KafkaClients.createTopic(bootstrap(), topic, partitions);

        ClientProcess kafkajs = member(GroupClient.KAFKAJS, "mixed", topic, group, 0, "roundrobin");
        // librdkafka keeps its default "range,roundrobin": the group's common protocol is then "roundrobin".
        ClientProcess librdkafka = member(GroupClient.LIBRDKAFKA, "mixed", topic, group, 0, null);
        JavaGroupMember java = new JavaGroupMember("java", bootstrap(), topic, group,
                "org.apache.kafka.clients.consumer.RoundRobinAssignor");
        try {
            List<ClientGroupMember> members = List.of(kafkajs, librdkafka, java);
            Map<String, List<Integer>> split = awaitStableSplit(topic, partitions, members);

            try (Admin admin = KafkaClients.admin(bootstrap())) {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                        .describedGroups().get(group).get(30, TimeUnit.SECONDS);
                assertThat(description.partitionAssignor()).as("the group's protocol").isEqualTo("roundrobin");
                assertThat(description.members()).as("members").hasSize(3);
            }
            assertThat(kafkajs.lines("assignment")).last().extracting(l -> l.get("protocol").asText())
                    .as("protocol kafkajs was told").isEqualTo("roundrobin");

            try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap())) {
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                for (int i = 0; i < messages; i++) {
                    acks.add(producer.send(new ProducerRecord<>(topic, "m-" + i, "value-" + i)));
                }
                for (Future<RecordMetadata> ack : acks) {
                    ack.get(30, TimeUnit.SECONDS);
                }
            }
            awaitHandled(messages, members);
            kafkajs.closeStdin();
            librdkafka.closeStdin();
            java.stop(WAIT);
            stopAll(List.of(kafkajs, librdkafka));

            assertEachHandledItsShare(split, members);
            List<Handled> all = new ArrayList<>();
            members.forEach(member -> all.addAll(member.handled()));
            assertHandledExactlyOnce(all, messages, "m");
            assertThat(committed(group, topic)).as("committed offsets of the three members")
                    .isEqualTo(endOffsets(topic));
        } finally {
            java.stop(WAIT);
        }
    }

    @Test
    void kafkajsDefaultAssignerShouldNotShareAGroupWithJavaDefaults() throws Exception {
        String topic = unique("protocol-mismatch");
        String group = unique("protocol-mismatch");
        KafkaClients.createTopic(bootstrap(), topic, 2);
        ClientProcess kafkajs = member(GroupClient.KAFKAJS, "default-assigner", topic, group, 0, "default");
        awaitTrue(WAIT, () -> kafkajs.assignment().isPresent(), () -> "kafkajs did not join: " + kafkajs.diagnostics());
        assertThat(kafkajs.lines("assignment").get(0).get("protocol").asText()).isEqualTo("RoundRobinAssigner");

        try (KafkaConsumer<String, String> java = KafkaClients.consumer(bootstrap(),
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, group))) { // default: range, cooperative-sticky
            java.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            assertThatThrownBy(() -> {
                while (System.nanoTime() < deadline) {
                    java.poll(Duration.ofMillis(200));
                }
            }).as("joining a group whose members offer no common protocol")
                    .isInstanceOf(InconsistentGroupProtocolException.class);
        }
        stopAll(List.of(kafkajs));
        assertThat(kafkajs.assignment()).as("kafkajs kept the whole topic").contains(List.of(0, 1));
    }
}
