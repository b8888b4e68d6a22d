package io.freshet.security.acl;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An immutable index of every ACL, rebuilt on each change and swapped in whole, so that the authorizer's
 * lookups (one or more per request, on event loops) take no lock: per resource type, the literal names (the
 * wildcard {@code *} among them) in a hash map, and the prefixed names in a hash map probed once per distinct
 * prefix length ({@link FreshetAuthorizer} walks them).
 */
final class AclSnapshot {

    static final AclSnapshot EMPTY = new AclSnapshot(List.of());

    /** One ACL's entry, with its principal and host as the strings they are compared with. */
    record Entry(String principal, String host, AclOperation operation, boolean allow) {
        static Entry of(AccessControlEntry e) {
            return new Entry(e.principal(), e.host(), e.operation(), e.permissionType() == AclPermissionType.ALLOW);
        }
    }

    /** The ACLs of one resource type, indexed by pattern. */
    static final class TypeIndex {
        final Map<String, List<Entry>> literal = new HashMap<>();
        final Map<String, List<Entry>> prefixed = new HashMap<>();
        int[] prefixLengths = new int[0];
        final List<AclBinding> bindings = new ArrayList<>();
    }

    private final List<AclBinding> all;
    private final Map<ResourceType, TypeIndex> byType = new EnumMap<>(ResourceType.class);

    AclSnapshot(List<AclBinding> bindings) {
        this.all = List.copyOf(bindings);
        Map<ResourceType, TreeSet<Integer>> lengths = new EnumMap<>(ResourceType.class);
        for (AclBinding b : all) {
            ResourcePattern p = b.pattern();
            TypeIndex index = byType.computeIfAbsent(p.resourceType(), t -> new TypeIndex());
            index.bindings.add(b);
            if (p.patternType() == PatternType.PREFIXED) {
                index.prefixed.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(Entry.of(b.entry()));
                lengths.computeIfAbsent(p.resourceType(), t -> new TreeSet<>()).add(p.name().length());
            } else {
                index.literal.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(Entry.of(b.entry()));
            }
        }
        lengths.forEach((type, set) -> byType.get(type).prefixLengths =
            set.stream().mapToInt(Integer::intValue).toArray());
    }

    List<AclBinding> all() {
        return all;
    }

    /** The ACLs of one resource type (for {@code authorizeByResourceType}). */
    List<AclBinding> ofType(ResourceType type) {
        TypeIndex index = byType.get(type);
        return index == null ? List.of() : index.bindings;
    }

    /** The index of one resource type; null when no ACL names that type. */
    TypeIndex index(ResourceType type) {
        return byType.get(type);
    }
}
