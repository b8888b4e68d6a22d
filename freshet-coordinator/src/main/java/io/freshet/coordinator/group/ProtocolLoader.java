package io.freshet.coordinator.group;

import io.freshet.coordinator.group.classic.ClassicDescriptions;
import io.freshet.coordinator.group.classic.ClassicGroups;
import io.freshet.coordinator.group.consumer.ConsumerGroups;

/** The {@link GroupLoader} of both protocols: a record's protocol picks the one that rebuilds the group. */
final class ProtocolLoader implements GroupLoader {

    private final ClassicGroups classic;
    private final ConsumerGroups consumer;

    ProtocolLoader(ClassicGroups classic, ConsumerGroups consumer) {
        this.classic = classic;
        this.consumer = consumer;
    }

    @Override
    public Group load(String groupId, GroupValue value) {
        return value instanceof GroupValue.Classic c ? classic.load(groupId, c)
            : consumer.load(groupId, (GroupValue.Consumer) value);
    }

    @Override
    public void activate(Group group) {
        if (group.type() == GroupType.CLASSIC) {
            classic.activate(group);
        } else {
            consumer.activate(group);
        }
    }

    @Override
    public Group offsetsOnly(String groupId) {
        return ClassicDescriptions.offsetsOnly(groupId);
    }
}
