package io.freshet.coordinator.group;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Every group by id, whatever its protocol. Coordinator thread only. */
public final class GroupRegistry {

    private final Map<String, Group> groups = new HashMap<>();

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
}
