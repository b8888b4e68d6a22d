package io.freshet.coordinator.group;

import io.freshet.coordinator.runtime.StateKey;
import io.freshet.coordinator.runtime.StateRecord;
import io.freshet.coordinator.runtime.StateStore;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Every group by id, whatever its protocol, and the record last written for each (the {@link StateStore} of
 * {@link GroupKey}s). Coordinator thread only.
 *
 * <p>Design note: a group is richer than its record (a classic group holds parked JoinGroup/SyncGroup requests and
 * timers), so operations change group objects themselves and write a snapshot; {@link #onWrite} only notes the
 * record (and removes the group for a tombstone). When such a write fails, {@link #revert}:
 * <ul>
 *   <li>keeps a live <b>classic</b> group as it is: its protocol answers the failed write itself (SyncGroup gets
 *       COORDINATOR_NOT_AVAILABLE and the group rebalances; a failed empty-group record changes nothing a member
 *       can see), and rebuilding it would drop the requests it holds;</li>
 *   <li>replaces a <b>KIP-848 consumer</b> group with the one rebuilt from the previous record (its timers look the
 *       group up by id, and members' clients fall back to the epoch they were last answered with), or removes it
 *       when it had no record;</li>
 *   <li>brings back a <b>deleted</b> group (DeleteGroups, offset expiry) from its previous record, or as an
 *       offsets-only group when it never had one.</li>
 * </ul>
 */
public final class GroupRegistry implements StateStore {

    private final Map<String, Group> groups = new HashMap<>();
    private final Map<String, GroupValue> written = new HashMap<>();
    private final Predicate<String> hasOffsets;
    private GroupLoader loader;

    GroupRegistry(Predicate<String> hasOffsets) {
        this.hasOffsets = hasOffsets;
    }

    /** Set once at start-up, before the log is replayed (the protocols are built after the registry). */
    void useLoader(GroupLoader groupLoader) {
        this.loader = groupLoader;
    }

    public Optional<Group> get(String groupId) {
        return Optional.ofNullable(groups.get(groupId));
    }

    /** The group if it exists and has this type. */
    public <G extends Group> Optional<G> get(String groupId, Class<G> type) {
        Group group = groups.get(groupId);
        return type.isInstance(group) ? Optional.of(type.cast(group)) : Optional.empty();
    }

    public void put(Group group) {
        groups.put(group.groupId(), group);
    }

    public void remove(String groupId) {
        groups.remove(groupId);
    }

    public Collection<Group> all() {
        return Collections.unmodifiableCollection(groups.values());
    }

    // ---------------------------------------------------------------------------------------------- StateStore

    @Override
    public Object valueOf(StateKey key) {
        return written.get(((GroupKey) key).group());
    }

    @Override
    public void replay(StateKey key, Object value) {
        String groupId = ((GroupKey) key).group();
        note(groupId, (GroupValue) value);
        if (value == null) {
            groups.remove(groupId);
        } else {
            put(loader.load(groupId, (GroupValue) value));
        }
    }

    @Override
    public void onWrite(StateKey key, Object value) {
        String groupId = ((GroupKey) key).group();
        note(groupId, (GroupValue) value);
        if (value == null) {
            groups.remove(groupId);
        }
    }

    @Override
    public void revert(StateKey key, Object previous) {
        String groupId = ((GroupKey) key).group();
        note(groupId, (GroupValue) previous);
        Group live = groups.get(groupId);
        if (live != null && live.type() == GroupType.CLASSIC) {
            return;
        }
        if (previous != null) {
            Group restored = loader.load(groupId, (GroupValue) previous);
            put(restored);
            loader.activate(restored);
        } else if (live == null || hasOffsets.test(groupId)) {
            put(loader.offsetsOnly(groupId)); // deleted without ever having a record: it held offsets
        } else {
            groups.remove(groupId);
        }
    }

    @Override
    public void snapshotInto(List<StateRecord> out) {
        written.forEach((groupId, value) -> out.add(new StateRecord(new GroupKey(groupId), value)));
    }

    private void note(String groupId, GroupValue value) {
        if (value == null) {
            written.remove(groupId);
        } else {
            written.put(groupId, value);
        }
    }
}
