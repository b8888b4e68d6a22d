package io.freshet.coordinator.group;

import io.freshet.coordinator.group.classic.ClassicDescriptions;
import io.freshet.coordinator.group.classic.ClassicGroups;
import io.freshet.coordinator.group.consumer.ConsumerGroups;
import io.freshet.coordinator.group.share.ShareGroups;

/** The {@link GroupLoader} of every group type: a record's type picks the one that rebuilds the group. */
final class ProtocolLoader implements GroupLoader {

    private final ClassicGroups classic;
    private final ConsumerGroups consumer;
    private final ShareGroups share;

    ProtocolLoader(ClassicGroups classic, ConsumerGroups consumer, ShareGroups share) {
        this.classic = classic;
        this.consumer = consumer;
        this.share = share;
    }

    @Override
    public Group load(String groupId, GroupValue value) {
        if (value instanceof GroupValue.Share s) {
            return share.load(groupId, s);
        }
        return value instanceof GroupValue.Classic c ? classic.load(groupId, c)
            : consumer.load(groupId, (GroupValue.Consumer) value);
    }

    @Override
    public void activate(Group group) {
        switch (group.type()) {
            case CLASSIC -> classic.activate(group);
            case CONSUMER -> consumer.activate(group);
            case SHARE -> share.activate(group);
            default -> throw new IllegalStateException("Unknown group type " + group.type());
        }
    }

    @Override
    public Group offsetsOnly(String groupId) {
        return ClassicDescriptions.offsetsOnly(groupId);
    }
}
