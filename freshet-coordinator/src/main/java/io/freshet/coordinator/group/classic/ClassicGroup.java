package io.freshet.coordinator.group.classic;

import io.freshet.coordinator.group.Group;
import io.freshet.coordinator.group.GroupType;
import io.freshet.coordinator.group.GroupValue;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.protocol.Errors;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The state of one classic group: members in join order, static members by instance id, members that were told
 * their id and must rejoin with it (pending), generation, chosen protocol and leader. The rules that move it
 * between states are in {@link ClassicGroups}; this class keeps the data consistent. Coordinator thread only.
 */
final class ClassicGroup implements Group {

    private final String groupId;
    private ClassicGroupState state = ClassicGroupState.EMPTY;
    private int generation;
    private String protocolType;
    private String protocolName;
    private String leaderId;
    private final Map<String, ClassicMember> members = new LinkedHashMap<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    /** Members told their id (JoinGroup v4+, KIP-394) that have not rejoined with it yet; each has a timer. */
    private final Set<String> pendingMembers = new HashSet<>();
    /** True while the first rebalance of an empty group waits group.initial.rebalance.delay.ms for more members. */
    boolean initialDelayRunning;
    /** Completes when the current generation's assignment is durable; SyncGroup answers wait for it. */
    CompletableFuture<Void> assignmentDurable = CompletableFuture.completedFuture(null);

    ClassicGroup(String groupId) {
        this.groupId = groupId;
    }

    static ClassicGroup fromSnapshot(String groupId, GroupValue.Classic value) {
        ClassicGroup group = new ClassicGroup(groupId);
        group.generation = value.generation();
        group.protocolType = value.protocolType();
        group.protocolName = value.protocolName();
        group.leaderId = value.leader();
        for (GroupValue.ClassicMember m : value.members()) {
            Map<String, byte[]> protocols = new LinkedHashMap<>();
            if (value.protocolName() != null) {
                protocols.put(value.protocolName(), m.metadata() == null ? new byte[0] : m.metadata());
            }
            ClassicMember member = new ClassicMember(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(),
                m.rebalanceTimeoutMs(), m.sessionTimeoutMs(), protocols);
            member.assign(m.assignment());
            group.add(member);
        }
        group.state = group.members.isEmpty() ? ClassicGroupState.EMPTY : ClassicGroupState.STABLE;
        return group;
    }

    @Override
    public GroupValue.Classic snapshot() {
        List<GroupValue.ClassicMember> snapshotMembers = new ArrayList<>();
        for (ClassicMember m : members.values()) {
            snapshotMembers.add(new GroupValue.ClassicMember(m.memberId(), m.groupInstanceId(), m.clientId(),
                m.clientHost(), m.rebalanceTimeoutMs(), m.sessionTimeoutMs(),
                protocolName == null ? null : m.metadata(protocolName), m.assignment()));
        }
        return new GroupValue.Classic(protocolType, generation, protocolName, leaderId, snapshotMembers);
    }

    @Override
    public String groupId() {
        return groupId;
    }

    @Override
    public GroupType type() {
        return GroupType.CLASSIC;
    }

    @Override
    public String stateName() {
        return state.kafkaName();
    }

    ClassicGroupState state() {
        return state;
    }

    boolean is(ClassicGroupState s) {
        return state == s;
    }

    void transitionTo(ClassicGroupState next) {
        state = next;
    }

    @Override
    public boolean isEmpty() {
        return members.isEmpty() && pendingMembers.isEmpty();
    }

    @Override
    public String protocolType() {
        return protocolType == null ? "" : protocolType;
    }

    int generation() {
        return generation;
    }

    String protocolName() {
        return protocolName;
    }

    String leaderId() {
        return leaderId;
    }

    boolean isLeader(String memberId) {
        return memberId.equals(leaderId);
    }

    // ---------------------------------------------------------------------------------------------- members

    Optional<ClassicMember> member(String memberId) {
        return Optional.ofNullable(members.get(memberId));
    }

    Collection<ClassicMember> members() {
        return members.values();
    }

    int size() {
        return members.size() + pendingMembers.size();
    }

    /** The member id a static instance has now, if it is a member. */
    Optional<String> staticMemberId(String groupInstanceId) {
        return Optional.ofNullable(staticMembers.get(groupInstanceId));
    }

    void add(ClassicMember member) {
        members.put(member.memberId(), member);
        if (member.isStatic()) {
            staticMembers.put(member.groupInstanceId(), member.memberId());
        }
        if (leaderId == null) {
            leaderId = member.memberId();
        }
    }

    void remove(String memberId) {
        ClassicMember removed = members.remove(memberId);
        if (removed != null && removed.isStatic()) {
            staticMembers.remove(removed.groupInstanceId(), memberId);
        }
        if (memberId.equals(leaderId)) {
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        }
    }

    /** A static member rejoined without its id: it keeps its place and assignment under a new id. */
    void renewStatic(ClassicMember member, String newMemberId) {
        String oldId = member.memberId();
        members.remove(oldId);
        member.renew(newMemberId);
        members.put(newMemberId, member);
        staticMembers.put(member.groupInstanceId(), newMemberId);
        if (oldId.equals(leaderId)) {
            leaderId = newMemberId;
        }
    }

    boolean isPending(String memberId) {
        return pendingMembers.contains(memberId);
    }

    void addPending(String memberId) {
        pendingMembers.add(memberId);
    }

    /** Whether it was pending; its timer is the caller's to cancel ({@link ClassicTimers}). */
    boolean removePending(String memberId) {
        return pendingMembers.remove(memberId);
    }

    boolean hasPending() {
        return !pendingMembers.isEmpty();
    }

    boolean allMembersJoined() {
        return members.values().stream().allMatch(ClassicMember::isAwaitingJoin) && pendingMembers.isEmpty();
    }

    /** The longest rebalance timeout of the members: how long a rebalance waits for rejoins. */
    int rebalanceTimeoutMs() {
        return members.values().stream().mapToInt(ClassicMember::rebalanceTimeoutMs).max().orElse(0);
    }

    // ---------------------------------------------------------------------------------------------- protocols

    /**
     * Can a member with this protocol type and these protocols join? An empty group takes any; otherwise the type
     * must match and at least one protocol must be one every member supports.
     */
    boolean supports(String memberProtocolType, Set<String> memberProtocols) {
        if (members.isEmpty()) {
            return !memberProtocolType.isEmpty() && !memberProtocols.isEmpty();
        }
        return memberProtocolType.equals(protocolType)
            && memberProtocols.stream().anyMatch(candidateProtocols()::contains);
    }

    /** The protocols every member supports. */
    Set<String> candidateProtocols() {
        Set<String> candidates = null;
        for (ClassicMember m : members.values()) {
            if (candidates == null) {
                candidates = new HashSet<>(m.protocols().keySet());
            } else {
                candidates.retainAll(m.protocols().keySet());
            }
        }
        return candidates == null ? Set.of() : candidates;
    }

    /**
     * Starts a new generation with the protocol most members prefer among those all support (each member votes for
     * the first of its own list that is a candidate); ties go to the member order.
     */
    void startNextGeneration(String memberProtocolType) {
        generation++;
        if (members.isEmpty()) {
            protocolName = null;
            leaderId = null;
            return;
        }
        protocolType = memberProtocolType != null ? memberProtocolType : protocolType;
        Set<String> candidates = candidateProtocols();
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (ClassicMember m : members.values()) {
            m.protocols().keySet().stream().filter(candidates::contains).findFirst()
                .ifPresent(p -> votes.merge(p, 1, Integer::sum));
        }
        protocolName = votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
            .orElseThrow();
        if (leaderId == null || !members.containsKey(leaderId)) {
            leaderId = members.keySet().iterator().next();
        }
    }

    void setProtocolType(String type) {
        this.protocolType = type;
    }

    // ---------------------------------------------------------------------------------------------- offsets

    @Override
    public Set<String> subscribedTopics() {
        if (!ConsumerProtocol.PROTOCOL_TYPE.equals(protocolType) || protocolName == null) {
            return Set.of();
        }
        Set<String> topics = new HashSet<>();
        for (ClassicMember m : members.values()) {
            try {
                topics.addAll(ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(m.metadata(protocolName)))
                    .topics());
            } catch (RuntimeException unreadable) {
                // A client with its own metadata format: its topics are unknown, so nothing is protected.
            }
        }
        return topics;
    }

    @Override
    public Errors validateOffsetCommit(String memberId, String groupInstanceId, int generationId, short apiVersion) {
        if (state == ClassicGroupState.DEAD) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        if (generationId < 0 && (memberId == null || memberId.isEmpty()) && state == ClassicGroupState.EMPTY) {
            return Errors.NONE; // a commit from outside the group: assign() consumers, admin resets
        }
        if (groupInstanceId != null) {
            Optional<String> current = staticMemberId(groupInstanceId);
            if (current.isPresent() && !current.get().equals(memberId)) {
                return Errors.FENCED_INSTANCE_ID;
            }
        }
        if (memberId == null || !members.containsKey(memberId)) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (generationId != generation) {
            return Errors.ILLEGAL_GENERATION;
        }
        if (state == ClassicGroupState.COMPLETING_REBALANCE) {
            return Errors.REBALANCE_IN_PROGRESS;
        }
        return Errors.NONE;
    }

    @Override
    public Errors validateOffsetFetch(String memberId, int memberEpoch) {
        return Errors.NONE; // classic members fetch without naming themselves
    }
}
