package io.freshet.tools.acl;

import io.freshet.tools.cli.ParsedOptions;
import io.freshet.tools.cli.UsageException;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the options of {@code freshet acl} (kafka-acls.sh's names) into kafka-clients' {@link AclBinding}s (create)
 * and {@link AclBindingFilter}s (list, delete), checking them as kafka-acls.sh does: principals {@code TYPE:NAME},
 * operations valid for the resource type, pattern types allowed for the action.
 */
final class AclSelection {

    static final String ALLOW_PRINCIPAL = "--allow-principal";
    static final String DENY_PRINCIPAL = "--deny-principal";
    static final String ALLOW_HOST = "--allow-host";
    static final String DENY_HOST = "--deny-host";
    static final String PRINCIPAL = "--principal";
    static final String OPERATION = "--operation";
    static final String TOPIC = "--topic";
    static final String GROUP = "--group";
    static final String CLUSTER = "--cluster";
    static final String TRANSACTIONAL_ID = "--transactional-id";
    static final String PATTERN_TYPE = "--resource-pattern-type";

    private static final String WILDCARD_HOST = "*";
    private static final String CLUSTER_NAME = "kafka-cluster"; // Kafka's one cluster resource name

    /** The operations kafka-acls.sh accepts per resource type (AclCommand's table), so a typo fails here. */
    private static final Map<ResourceType, Set<AclOperation>> VALID_OPERATIONS = Map.of(
            ResourceType.TOPIC, EnumSet.of(AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE,
                    AclOperation.DESCRIBE, AclOperation.DELETE, AclOperation.DESCRIBE_CONFIGS,
                    AclOperation.ALTER_CONFIGS, AclOperation.ALL),
            ResourceType.GROUP, EnumSet.of(AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DELETE,
                    AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS, AclOperation.ALL),
            ResourceType.CLUSTER, EnumSet.of(AclOperation.CREATE, AclOperation.CLUSTER_ACTION,
                    AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE,
                    AclOperation.ALTER, AclOperation.DESCRIBE, AclOperation.CREATE_TOKENS,
                    AclOperation.DESCRIBE_TOKENS, AclOperation.ALL),
            ResourceType.TRANSACTIONAL_ID, EnumSet.of(AclOperation.DESCRIBE, AclOperation.WRITE, AclOperation.ALL));

    /** A principal with its permission and host, as one ACL entry has them. */
    private record Entry(String principal, AclPermissionType permission, String host) {
    }

    private final ParsedOptions options;

    AclSelection(ParsedOptions options) {
        this.options = options;
    }

    /** create: every resource x principal x host x operation, each pattern LITERAL or PREFIXED. */
    List<AclBinding> bindings() throws UsageException {
        noPositionals();
        reject(PRINCIPAL, "create");
        PatternType pattern = patternType(PatternType.LITERAL, EnumSet.of(PatternType.LITERAL, PatternType.PREFIXED));
        List<ResourcePatternFilter> resources = resources(pattern);
        if (resources.isEmpty()) {
            throw options.usageError("Give a resource: --topic, --group, --cluster or --transactional-id");
        }
        List<Entry> entries = entries(true);
        if (entries.isEmpty()) {
            throw options.usageError("Give --allow-principal or --deny-principal");
        }
        Set<AclOperation> operations = operations();
        if (operations.isEmpty()) {
            throw options.usageError("Give at least one --operation");
        }
        checkOperations(resources, operations);
        Set<AclBinding> bindings = new LinkedHashSet<>();
        for (ResourcePatternFilter filter : resources) {
            ResourcePattern resource = new ResourcePattern(filter.resourceType(), filter.name(),
                    filter.patternType());
            for (Entry entry : entries) {
                for (AclOperation operation : operations) {
                    bindings.add(new AclBinding(resource, new AccessControlEntry(entry.principal(), entry.host(),
                            operation, entry.permission())));
                }
            }
        }
        return List.copyOf(bindings);
    }

    /** list: the resources given (or all) x the principals given (or any); pattern type ANY unless given. */
    List<AclBindingFilter> listFilters() throws UsageException {
        noPositionals();
        for (String option : List.of(ALLOW_PRINCIPAL, DENY_PRINCIPAL, ALLOW_HOST, DENY_HOST, OPERATION)) {
            reject(option, "list");
        }
        PatternType pattern = patternType(PatternType.ANY, EnumSet.of(PatternType.ANY, PatternType.MATCH,
                PatternType.LITERAL, PatternType.PREFIXED));
        List<ResourcePatternFilter> resources = resources(pattern);
        if (resources.isEmpty()) {
            resources.add(new ResourcePatternFilter(ResourceType.ANY, null, pattern));
        }
        List<String> principals = new ArrayList<>();
        for (String principal : options.all(PRINCIPAL)) {
            principals.add(principal(principal, PRINCIPAL));
        }
        if (principals.isEmpty()) {
            principals.add(null);
        }
        List<AclBindingFilter> filters = new ArrayList<>();
        for (ResourcePatternFilter resource : resources) {
            for (String principal : principals) {
                filters.add(new AclBindingFilter(resource, new AccessControlEntryFilter(principal, null,
                        AclOperation.ANY, AclPermissionType.ANY)));
            }
        }
        return filters;
    }

    /**
     * delete: a resource is required (as kafka-acls.sh --remove); principals, hosts and operations narrow the
     * filter when given, else any matches. Pattern type LITERAL unless given (ANY and MATCH allowed).
     */
    List<AclBindingFilter> deleteFilters() throws UsageException {
        noPositionals();
        reject(PRINCIPAL, "delete");
        PatternType pattern = patternType(PatternType.LITERAL, EnumSet.of(PatternType.ANY, PatternType.MATCH,
                PatternType.LITERAL, PatternType.PREFIXED));
        List<ResourcePatternFilter> resources = resources(pattern);
        if (resources.isEmpty()) {
            throw options.usageError("Give a resource: --topic, --group, --cluster or --transactional-id");
        }
        List<Entry> entries = entries(false);
        if (entries.isEmpty()) {
            entries = List.of(new Entry(null, AclPermissionType.ANY, null));
        }
        Set<AclOperation> operations = operations();
        if (operations.isEmpty()) {
            operations = Set.of(AclOperation.ANY);
        } else {
            checkOperations(resources, operations);
        }
        List<AclBindingFilter> filters = new ArrayList<>();
        for (ResourcePatternFilter resourceFilter : resources) {
            for (Entry entry : entries) {
                for (AclOperation operation : operations) {
                    filters.add(new AclBindingFilter(resourceFilter, new AccessControlEntryFilter(entry.principal(),
                            entry.host(), operation, entry.permission())));
                }
            }
        }
        return filters;
    }

    /** The resources given, each with {@code pattern} (the cluster: always LITERAL kafka-cluster). */
    private List<ResourcePatternFilter> resources(PatternType pattern) throws UsageException {
        List<ResourcePatternFilter> resources = new ArrayList<>();
        addResources(resources, TOPIC, ResourceType.TOPIC, pattern);
        addResources(resources, GROUP, ResourceType.GROUP, pattern);
        addResources(resources, TRANSACTIONAL_ID, ResourceType.TRANSACTIONAL_ID, pattern);
        if (options.has(CLUSTER)) {
            // As kafka-acls.sh: the cluster is one LITERAL name, whatever --resource-pattern-type says.
            resources.add(new ResourcePatternFilter(ResourceType.CLUSTER, CLUSTER_NAME, PatternType.LITERAL));
        }
        return resources;
    }

    private void addResources(List<ResourcePatternFilter> resources, String option, ResourceType type, PatternType pattern)
            throws UsageException {
        for (String name : options.all(option)) {
            if (name.isEmpty()) {
                throw options.usageError(option + " must not be empty");
            }
            resources.add(new ResourcePatternFilter(type, name, pattern));
        }
    }

    /**
     * The allow and deny entries. A host option needs its principal option; without a host option a principal
     * gets host {@code *} when creating, any host when filtering.
     */
    private List<Entry> entries(boolean creating) throws UsageException {
        List<Entry> entries = new ArrayList<>();
        addEntries(entries, ALLOW_PRINCIPAL, ALLOW_HOST, AclPermissionType.ALLOW, creating);
        addEntries(entries, DENY_PRINCIPAL, DENY_HOST, AclPermissionType.DENY, creating);
        return entries;
    }

    private void addEntries(List<Entry> entries, String principalOption, String hostOption,
            AclPermissionType permission, boolean creating) throws UsageException {
        List<String> hosts = options.all(hostOption);
        if (!hosts.isEmpty() && !options.has(principalOption)) {
            throw options.usageError(hostOption + " needs " + principalOption);
        }
        List<String> effectiveHosts = new ArrayList<>(hosts);
        if (effectiveHosts.isEmpty()) {
            effectiveHosts.add(creating ? WILDCARD_HOST : null);
        }
        for (String given : options.all(principalOption)) {
            String principal = principal(given, principalOption);
            for (String host : effectiveHosts) {
                if (host != null && host.isBlank()) {
                    throw options.usageError(hostOption + " must not be empty");
                }
                entries.add(new Entry(principal, permission, host));
            }
        }
    }

    /** {@code TYPE:NAME} (e.g. {@code User:alice}, {@code User:*}), checked as kafka-clients' principal parser does. */
    private String principal(String given, String option) throws UsageException {
        int colon = given.indexOf(':');
        if (colon <= 0 || colon == given.length() - 1) {
            throw options.usageError(option + " takes TYPE:NAME (e.g. User:alice), not '" + given + "'");
        }
        return new KafkaPrincipal(given.substring(0, colon), given.substring(colon + 1)).toString();
    }

    /**
     * The operations given, in kafka-acls.sh's spelling ({@code Read}, {@code DescribeConfigs}) or the enum's
     * ({@code DESCRIBE_CONFIGS}), any case.
     */
    private Set<AclOperation> operations() throws UsageException {
        Set<AclOperation> operations = new LinkedHashSet<>();
        for (String given : options.all(OPERATION)) {
            operations.add(operation(given));
        }
        return operations;
    }

    private AclOperation operation(String given) throws UsageException {
        String wanted = squash(given);
        for (AclOperation operation : AclOperation.values()) {
            if (operation != AclOperation.ANY && operation != AclOperation.UNKNOWN
                    && squash(operation.name()).equals(wanted)) {
                return operation;
            }
        }
        throw options.usageError("Unknown --operation '" + given + "': one of Read, Write, Create, Delete, Alter, "
                + "Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite, CreateTokens, "
                + "DescribeTokens, All");
    }

    private void checkOperations(List<ResourcePatternFilter> resources, Set<AclOperation> operations)
            throws UsageException {
        for (ResourcePatternFilter resource : resources) {
            for (AclOperation operation : operations) {
                if (!VALID_OPERATIONS.get(resource.resourceType()).contains(operation)) {
                    throw options.usageError("--operation " + operation + " does not apply to a "
                            + resource.resourceType() + " (valid: " + VALID_OPERATIONS.get(resource.resourceType())
                            + ")");
                }
            }
        }
    }

    private PatternType patternType(PatternType defaultType, Set<PatternType> allowed) throws UsageException {
        Optional<String> given = options.optional(PATTERN_TYPE);
        if (given.isEmpty()) {
            return defaultType;
        }
        PatternType type = PatternType.fromString(given.get().trim().toUpperCase(Locale.ROOT));
        if (!allowed.contains(type)) {
            throw options.usageError(PATTERN_TYPE + " takes " + String.join("|", allowed.stream()
                    .map(p -> p.name().toLowerCase(Locale.ROOT)).toList()) + " here, not '" + given.get() + "'");
        }
        return type;
    }

    private void reject(String option, String action) throws UsageException {
        if (options.has(option)) {
            throw options.usageError(option + " does not apply to acl " + action);
        }
    }

    private void noPositionals() throws UsageException {
        if (!options.positionals().isEmpty()) {
            throw options.usageError("Unexpected argument: " + options.positionals().get(0));
        }
    }

    private static String squash(String name) {
        return name.replace("_", "").replace("-", "").toUpperCase(Locale.ROOT);
    }
}
