package io.freshet.tools.groups;

import io.freshet.tools.cli.AdminConnection;
import io.freshet.tools.cli.TextTable;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.Comparator;

import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.common.GroupType;

/** {@code list}: GROUP TYPE STATE of every consumer group (classic and KIP-848), sorted by group id. */
final class ListGroupsAction {

    private ListGroupsAction() {
    }

    static int run(AdminConnection broker, GroupsRequest.ListGroups request, PrintWriter out) {
        ListGroupsOptions options = ListGroupsOptions.forConsumerGroups();
        if (!request.states().isEmpty()) {
            options.inGroupStates(request.states());
        }
        Collection<GroupListing> groups = broker.await("listing groups", broker.admin().listGroups(options).all());
        TextTable table = new TextTable("GROUP", "TYPE", "STATE");
        groups.stream()
                .sorted(Comparator.comparing(GroupListing::groupId))
                .forEach(group -> table.row(group.groupId(),
                        // A broker without KIP-848 (ListGroups < v5) names no type: its groups are all classic.
                        group.type().orElse(GroupType.CLASSIC),
                        group.groupState().map(Object::toString).orElse(TextTable.NONE)));
        table.print(out);
        return GroupsCommand.EXIT_OK;
    }
}
