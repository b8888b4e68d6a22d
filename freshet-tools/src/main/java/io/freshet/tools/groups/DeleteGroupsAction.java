package io.freshet.tools.groups;

import io.freshet.tools.cli.AdminConnection;
import io.freshet.tools.cli.CommandErrors;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupNotEmptyException;

/** {@code delete}: DeleteGroups; the broker refuses a group with members (NON_EMPTY_GROUP). */
final class DeleteGroupsAction {

    private DeleteGroupsAction() {
    }

    static int run(AdminConnection broker, GroupsRequest.DeleteGroups request, PrintWriter out, PrintWriter err) {
        Map<String, KafkaFuture<Void>> results = broker.admin().deleteConsumerGroups(request.groups()).deletedGroups();
        List<String> deleted = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (String group : request.groups()) {
            try {
                broker.await("deleting group '" + group + "'", results.get(group));
                deleted.add(group);
            } catch (KafkaException e) {
                String hint = e instanceof GroupNotEmptyException ? " (stop its consumers first)" : "";
                failed.put(group, CommandErrors.explain(e) + hint);
            }
        }
        if (failed.isEmpty()) {
            out.println("Deletion of requested consumer groups (" + quoted(deleted) + ") was successful.");
            return GroupsCommand.EXIT_OK;
        }
        if (!deleted.isEmpty()) {
            out.println("These consumer groups were deleted successfully: " + quoted(deleted));
        }
        err.println(GroupsCommand.PREFIX + "deletion of some consumer groups failed:");
        failed.forEach((group, reason) -> err.println("* Group '" + group + "' could not be deleted due to: "
                + reason));
        return GroupsCommand.EXIT_FAILED;
    }

    private static String quoted(List<String> groups) {
        return groups.stream().map(g -> "'" + g + "'").collect(Collectors.joining(", "));
    }
}
