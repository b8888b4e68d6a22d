package io.freshet.coordinator.group.classic;

import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One member of a classic group: who it is, the protocols it offered (name -> the client's opaque metadata, in its
 * order of preference), its assignment, and the requests it has parked in a rebalance. Its session timer is named
 * by its id in {@link ClassicTimers}. Coordinator thread only.
 */
final class ClassicMember {

    private String memberId;
    private final String groupInstanceId;
    private String clientId;
    private String clientHost;
    private int rebalanceTimeoutMs;
    private int sessionTimeoutMs;
    private Map<String, byte[]> protocols;
    private byte[] assignment = new byte[0];
    /** Set while its JoinGroup waits for the rebalance to complete. */
    CompletableFuture<JoinGroupResponseData> awaitingJoin;
    /** Set while its SyncGroup waits for the leader's assignment. */
    CompletableFuture<SyncGroupResponseData> awaitingSync;

    ClassicMember(String memberId, String groupInstanceId, String clientId, String clientHost, int rebalanceTimeoutMs,
                  int sessionTimeoutMs, Map<String, byte[]> protocols) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.protocols = new LinkedHashMap<>(protocols);
    }

    String memberId() {
        return memberId;
    }

    /** A static member that rejoins without its member id gets a new one; the old one is fenced. */
    void renew(String newMemberId) {
        this.memberId = newMemberId;
    }

    String groupInstanceId() {
        return groupInstanceId;
    }

    boolean isStatic() {
        return groupInstanceId != null;
    }

    String clientId() {
        return clientId;
    }

    String clientHost() {
        return clientHost;
    }

    int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    Map<String, byte[]> protocols() {
        return protocols;
    }

    byte[] metadata(String protocolName) {
        byte[] metadata = protocols.get(protocolName);
        return metadata == null ? new byte[0] : metadata;
    }

    byte[] assignment() {
        return assignment;
    }

    void assign(byte[] newAssignment) {
        this.assignment = newAssignment == null ? new byte[0] : newAssignment;
    }

    /** Takes the settings of a new JoinGroup from this member. */
    void update(String newClientId, String newClientHost, int newRebalanceTimeoutMs, int newSessionTimeoutMs,
                Map<String, byte[]> newProtocols) {
        this.clientId = newClientId;
        this.clientHost = newClientHost;
        this.rebalanceTimeoutMs = newRebalanceTimeoutMs;
        this.sessionTimeoutMs = newSessionTimeoutMs;
        this.protocols = new LinkedHashMap<>(newProtocols);
    }

    /** Same protocols, in the same order, with the same metadata: a rejoin that needs no rebalance. */
    boolean sameProtocols(Map<String, byte[]> other) {
        if (!Objects.equals(protocols.keySet().stream().toList(), other.keySet().stream().toList())) {
            return false;
        }
        return protocols.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), other.get(e.getKey())));
    }

    boolean isAwaitingJoin() {
        return awaitingJoin != null;
    }

    boolean isAwaitingSync() {
        return awaitingSync != null;
    }
}
