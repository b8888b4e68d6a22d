package io.freshet.coordinator.group;

/** The rebalance protocol a group uses; its name is what ListGroups v5 and DescribeGroups report. */
public enum GroupType {
    CLASSIC("classic"),
    CONSUMER("consumer"),
    SHARE("share");

    private final String protocolName;

    GroupType(String protocolName) {
        this.protocolName = protocolName;
    }

    public String protocolName() {
        return protocolName;
    }
}
