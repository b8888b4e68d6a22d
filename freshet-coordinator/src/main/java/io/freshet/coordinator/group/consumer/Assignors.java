package io.freshet.coordinator.group.consumer;

import org.apache.kafka.common.errors.UnsupportedAssignorException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The server-side assignors group.consumer.assignors enables, in its order (the first is the default). */
final class Assignors {

    private final Map<String, PartitionAssignor> byName = new LinkedHashMap<>();

    Assignors(List<String> names) {
        for (String name : names) {
            byName.put(name, create(name));
        }
        if (byName.isEmpty()) {
            throw new IllegalArgumentException("group.consumer.assignors must name at least one assignor");
        }
    }

    private static PartitionAssignor create(String name) {
        if (UniformAssignor.NAME.equals(name)) {
            return new UniformAssignor();
        }
        if (RangeAssignor.NAME.equals(name)) {
            return new RangeAssignor();
        }
        throw new IllegalArgumentException("Unknown server-side assignor " + name + " (known: uniform, range)");
    }

    boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** The named assignor, or the default when {@code name} is null. */
    PartitionAssignor get(String name) {
        if (name == null) {
            return byName.values().iterator().next();
        }
        PartitionAssignor assignor = byName.get(name);
        if (assignor == null) {
            throw new UnsupportedAssignorException("Assignor " + name + " is not one of " + byName.keySet());
        }
        return assignor;
    }

    /** Names in configured order: ties between members' preferences go to the earlier one. */
    List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
