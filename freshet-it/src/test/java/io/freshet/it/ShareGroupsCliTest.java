package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.ShareGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ShareGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ShareGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ShareGroupHeartbeatResponse;
import org.apache.kafka.tools.consumer.group.ShareGroupCommand;
import org.apache.kafka.tools.consumer.group.ShareGroupCommandOptions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code kafka-share-groups.sh} (Kafka 4.4's ShareGroupCommand, from kafka-tools) against the broker, run in-process
 * with its output captured: it lists a share group, describes its members and state, and, once the members have
 * left, its start offsets and lag; resets the offsets to the earliest and deletes the group. Members join with raw ShareGroupHeartbeats, so the test needs nothing of
 * ShareFetch.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShareGroupsCliTest {

    @RegisterExtension
    final FreshetExtension freshet = FreshetExtension.perTest();

    /** The lines one run printed, split into columns. */
    private List<List<String>> shareGroups(String... args) {
        List<String> words = new ArrayList<>(List.of("--bootstrap-server", freshet.bootstrapServers()));
        words.addAll(List.of(args));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ShareGroupCommand.run(new ShareGroupCommandOptions(words.toArray(String[]::new)));
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
            .map(l -> Arrays.asList(l.trim().split("\\s+"))).toList();
    }

    private final Map<String, InetSocketAddress> coordinators = new ConcurrentHashMap<>();

    /**
     * The broker that coordinates {@code group}, as a client finds it (FindCoordinator): on a cluster the others
     * answer a heartbeat with NOT_COORDINATOR. Asked again while the answer is an error (the group coordinator's
     * partition may not have a leader yet).
     */
    private InetSocketAddress coordinator(String group) {
        return coordinators.computeIfAbsent(group, g -> Awaitility.await("the coordinator of " + g)
            .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
            .until(() -> findCoordinator(g), found -> found != null));
    }

    private InetSocketAddress findCoordinator(String group) throws IOException {
        String first = freshet.bootstrapServers().split(",")[0].strip();
        int colon = first.lastIndexOf(':');
        try (RawKafkaConnection conn = RawKafkaConnection.open(first.substring(0, colon),
                Integer.parseInt(first.substring(colon + 1)))) {
            FindCoordinatorResponseData.Coordinator found = conn.<FindCoordinatorResponseData>send(
                new FindCoordinatorRequestData().setKeyType(FindCoordinatorRequest.CoordinatorType.GROUP.id())
                    .setCoordinatorKeys(List.of(group)), (short) 4).coordinators().get(0);
            return found.errorCode() == Errors.NONE.code() ? new InetSocketAddress(found.host(), found.port()) : null;
        }
    }

    /**
     * One heartbeat, sent again to the coordinator found anew while the answer says that broker does not
     * coordinate the group (yet): on a new cluster the group coordinator's partition is still being taken up.
     */
    private ShareGroupHeartbeatResponseData heartbeat(ShareGroupHeartbeatRequestData data) {
        return Awaitility.await("a heartbeat that the coordinator of " + data.groupId() + " answers")
            .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .until(() -> {
                ShareGroupHeartbeatResponseData answer = heartbeatOnce(data);
                Errors error = Errors.forCode(answer.errorCode());
                if (error == Errors.NOT_COORDINATOR || error == Errors.COORDINATOR_NOT_AVAILABLE
                        || error == Errors.COORDINATOR_LOAD_IN_PROGRESS) {
                    coordinators.remove(data.groupId());
                    return null;
                }
                return answer;
            }, answer -> answer != null);
    }

    private ShareGroupHeartbeatResponseData heartbeatOnce(ShareGroupHeartbeatRequestData data) throws IOException {
        InetSocketAddress coordinator = coordinator(data.groupId());
        try (Socket socket = new Socket(coordinator.getHostString(), coordinator.getPort())) {
            short version = 1;
            RequestHeader header = new RequestHeader(ApiKeys.SHARE_GROUP_HEARTBEAT, version, "cli-test-member", 1);
            ByteBuffer request = new ShareGroupHeartbeatRequest.Builder(data).build(version)
                .serializeWithHeader(header);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(request.remaining());
            out.write(request.array(), request.arrayOffset() + request.position(), request.remaining());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] response = new byte[in.readInt()];
            in.readFully(response);
            return ((ShareGroupHeartbeatResponse) AbstractResponse.parseResponse(ByteBuffer.wrap(response), header))
                .data();
        }
    }

    @Test
    void shouldListAndDescribeAShareGroupAndItsOffsets() throws Exception {
        String topic = UniqueNames.of("jobs");
        String group = UniqueNames.of("workers");
        KafkaClients.createTopic(freshet.bootstrapServers(), topic, 2);
        try (KafkaProducer<String, String> producer = KafkaClients.producer(freshet.bootstrapServers())) {
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k", "v" + i)).get();
            }
        }
        Map<String, Integer> epochs = new LinkedHashMap<>();
        for (String member : List.of("member-a", "member-b", "member-c")) {
            ShareGroupHeartbeatResponseData joined = heartbeat(new ShareGroupHeartbeatRequestData()
                .setGroupId(group).setMemberId(member).setMemberEpoch(0).setSubscribedTopicNames(List.of(topic)));
            assertThat(joined.errorCode()).isZero();
            epochs.put(member, joined.memberEpoch());
        }
        // Each join moves the partitions; a member takes up its new share on its next heartbeat, as a consumer
        // heartbeating every few seconds would (Freshet answers the change at once, Kafka on a later heartbeat).
        Awaitility.await("every member heartbeats into its share of the partitions").atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(300))
            .until(() -> heartbeatAll(group, epochs) && shareGroups("--describe", "--group", group, "--members")
                .stream().skip(1).noneMatch(row -> row.get(4).equals("0")));

        assertThat(shareGroups("--list")).contains(List.of(group));
        assertThat(shareGroups("--list", "--state")).contains(List.of(group, "Stable"));

        List<List<String>> members = shareGroups("--describe", "--group", group, "--members");
        assertThat(members.get(0)).containsExactly("GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS",
            "ASSIGNMENT");
        // Three members, two partitions: every member has work, and together they have both partitions (how many
        // each gets is the broker's assignor's choice: Freshet gives one each, Kafka may give one member both).
        assertThat(members.subList(1, members.size())).hasSize(3).allSatisfy(row -> {
            assertThat(row.get(0)).isEqualTo(group);
            assertThat(row.get(3)).isEqualTo("cli-test-member");
            assertThat(Integer.parseInt(row.get(4))).isPositive();
            assertThat(row.get(5)).startsWith(topic + ":");
        });
        assertThat(members.subList(1, members.size()).stream()
            .flatMap(row -> Arrays.stream(row.get(5).substring(topic.length() + 1).split(","))))
            .containsOnly("0", "1").contains("0", "1");
        assertThat(shareGroups("--describe", "--group", group, "--state"))
            .anySatisfy(row -> assertThat(row).startsWith(group).endsWith("Stable", "3"));

        for (String member : List.of("member-a", "member-b", "member-c")) {
            heartbeat(new ShareGroupHeartbeatRequestData().setGroupId(group).setMemberId(member)
                .setMemberEpoch(-1));
        }
        try (Admin admin = KafkaClients.admin(freshet.bootstrapServers())) {
            admin.alterShareGroupOffsets(group, Map.of(new TopicPartition(topic, 0), 1L)).all().get();
        }
        List<List<String>> offsets = shareGroups("--describe", "--group", group);
        assertThat(offsets).contains(List.of("GROUP", "TOPIC", "PARTITION", "START-OFFSET", "LAG"));
        assertThat(offsets).contains(List.of(group, topic, "0", "1", "3"));
        assertThat(shareGroups("--describe", "--group", group, "--state"))
            .anySatisfy(row -> assertThat(row).startsWith(group).endsWith("Empty", "0"));

        // the tool prints the partitions in its map's order, which depends on the (unique, random) topic name
        List<List<String>> reset = shareGroups("--reset-offsets", "--group", group, "--topic", topic,
            "--to-earliest", "--execute");
        assertThat(reset).first().isEqualTo(List.of("GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"));
        assertThat(reset.subList(1, reset.size())).containsExactlyInAnyOrder(List.of(group, topic, "0", "0"),
            List.of(group, topic, "1", "0"));
        assertThat(shareGroups("--describe", "--group", group)).contains(List.of(group, topic, "0", "0", "4"));
        assertThat(shareGroups("--delete", "--group", group)).containsExactly(
            List.of("Deletion", "of", "requested", "share", "groups", "('" + group + "')", "was", "successful."));
        assertThat(shareGroups("--list")).doesNotContain(List.of(group));
    }

    /** One heartbeat of each member at its current epoch; true when none was refused. */
    private boolean heartbeatAll(String group, Map<String, Integer> epochs) throws IOException {
        boolean accepted = true;
        for (Map.Entry<String, Integer> member : epochs.entrySet()) {
            ShareGroupHeartbeatResponseData answer = heartbeat(new ShareGroupHeartbeatRequestData()
                .setGroupId(group).setMemberId(member.getKey()).setMemberEpoch(member.getValue()));
            if (answer.errorCode() == 0) {
                member.setValue(answer.memberEpoch());
            } else {
                accepted = false;
            }
        }
        return accepted;
    }
}
