package io.freshet.security.acl;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

import java.net.InetAddress;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Freshet's authorizer, with the semantics of Kafka's {@code StandardAuthorizer}: super users may do anything;
 * otherwise the ACLs whose pattern matches the resource (literal name, literal {@code *}, prefixed) and whose
 * principal ({@code User:NAME} or {@code User:*}) and host ({@code *} or the exact address) match decide, a DENY
 * beating any ALLOW; an ALLOW of READ, WRITE, DELETE or ALTER implies DESCRIBE, of ALTER_CONFIGS implies
 * DESCRIBE_CONFIGS (a DENY implies nothing), ALL matches every operation; a resource no ACL names at all (for
 * anybody) follows {@code allow.everyone.if.no.acl.found}, while one that has ACLs, none for this caller, is denied.
 *
 * <p>Lock-free: it reads the {@link AclSnapshot} built from what its {@link AclSource} (the broker's
 * {@link AclStore}, or a Kafka cluster's ACLs in {@code freshet gateway}) publishes after every change, so a change
 * is in effect for the next request.
 */
public final class FreshetAuthorizer implements Authorizer {

    private static final Set<AclOperation> IMPLIES_DESCRIBE = EnumSet.of(
        AclOperation.DESCRIBE, AclOperation.READ, AclOperation.WRITE, AclOperation.DELETE, AclOperation.ALTER);
    private static final Set<AclOperation> IMPLIES_DESCRIBE_CONFIGS = EnumSet.of(
        AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
    private static final String WILDCARD_PRINCIPAL = "User:*";
    private static final String WILDCARD_HOST = "*";

    private final Set<String> superUsers;
    private final boolean allowIfNoAcl;
    private volatile AclSnapshot snapshot = AclSnapshot.EMPTY;

    public FreshetAuthorizer(AclConfig config) {
        this.superUsers = Set.copyOf(config.superUsers());
        this.allowIfNoAcl = config.allowEveryoneIfNoAclFound();
    }

    /** The store publishes each new set of ACLs here. */
    void update(List<AclBinding> acls) {
        snapshot = new AclSnapshot(acls);
    }

    /** Follows {@code source}: its ACLs now and after every change. */
    public FreshetAuthorizer follow(AclSource source) {
        source.listen(this::update);
        return this;
    }

    public boolean isSuperUser(KafkaPrincipal principal) {
        return superUsers.contains(principal.toString());
    }

    @Override
    public boolean authorize(KafkaPrincipal principal, InetAddress host, AclOperation operation, ResourceType type,
                             String name) {
        if (isSuperUser(principal)) {
            return true;
        }
        AclSnapshot.TypeIndex index = snapshot.index(type);
        if (index == null) {
            return allowIfNoAcl;
        }
        // Loops instead of a visitor: this runs on event loops for every request and allocates nothing but the
        // principal's and host's strings and one substring per distinct prefix length.
        String who = principal.toString();
        String from = host.getHostAddress();
        boolean hasResourceAcls = false;
        boolean allowed = false;
        int result = decide(index.literal.get(name), who, from, operation);
        if (result == DENIED) {
            return false;
        }
        hasResourceAcls |= result != NO_ACLS;
        allowed |= result == ALLOWED;
        if (!name.equals(ResourcePattern.WILDCARD_RESOURCE)) {
            result = decide(index.literal.get(ResourcePattern.WILDCARD_RESOURCE), who, from, operation);
            if (result == DENIED) {
                return false;
            }
            hasResourceAcls |= result != NO_ACLS;
            allowed |= result == ALLOWED;
        }
        for (int length : index.prefixLengths) {
            if (length > name.length()) {
                break;
            }
            result = decide(index.prefixed.get(name.substring(0, length)), who, from, operation);
            if (result == DENIED) {
                return false;
            }
            hasResourceAcls |= result != NO_ACLS;
            allowed |= result == ALLOWED;
        }
        return allowed || (!hasResourceAcls && allowIfNoAcl);
    }

    private static final int NO_ACLS = 0;
    private static final int NO_MATCH = 1;
    private static final int ALLOWED = 2;
    private static final int DENIED = 3;

    /** What one pattern's entries say: DENIED beats ALLOWED; NO_MATCH means entries exist, none for this caller. */
    private static int decide(List<AclSnapshot.Entry> entries, String principal, String host,
                              AclOperation operation) {
        if (entries == null || entries.isEmpty()) {
            return NO_ACLS;
        }
        int result = NO_MATCH;
        for (AclSnapshot.Entry entry : entries) {
            if (matches(entry, principal, host, operation)) {
                if (!entry.allow()) {
                    return DENIED;
                }
                result = ALLOWED;
            }
        }
        return result;
    }

    /** Whether one ACL entry applies to this principal, host and operation (its resource already matches). */
    private static boolean matches(AclSnapshot.Entry entry, String principal, String host, AclOperation operation) {
        if (!entry.principal().equals(principal) && !entry.principal().equals(WILDCARD_PRINCIPAL)) {
            return false;
        }
        if (!entry.host().equals(WILDCARD_HOST) && !entry.host().equals(host)) {
            return false;
        }
        AclOperation granted = entry.operation();
        if (granted == AclOperation.ALL || granted == operation) {
            return true;
        }
        if (!entry.allow()) {
            return false;
        }
        return switch (operation) {
            case DESCRIBE -> IMPLIES_DESCRIBE.contains(granted);
            case DESCRIBE_CONFIGS -> IMPLIES_DESCRIBE_CONFIGS.contains(granted);
            default -> false;
        };
    }

    /**
     * Kafka's {@code authorizeByResourceType}: allowed if a resource of {@code type} with an arbitrary name is (super
     * users, a wildcard ALLOW, no ACLs with {@code allow.everyone.if.no.acl.found}); else if some literal or prefixed
     * ALLOW for this operation (or ALL) is not cancelled by a DENY of the same literal name or of a prefix of it.
     * Only the exact operation counts here, as in Kafka: no implied operations.
     */
    @Override
    public boolean authorizeAny(KafkaPrincipal principal, InetAddress host, AclOperation operation,
                                ResourceType type) {
        if (authorize(principal, host, operation, type, "hardcode")) {
            return true;
        }
        String who = principal.toString();
        String from = host.getHostAddress();
        Set<String> denyLiteral = new HashSet<>();
        Set<String> denyPrefixed = new HashSet<>();
        Set<String> allowLiteral = new HashSet<>();
        Set<String> allowPrefixed = new HashSet<>();
        boolean wildcardAllow = false;
        for (AclBinding binding : snapshot.ofType(type)) {
            var entry = binding.entry();
            if (!entry.host().equals(from) && !entry.host().equals(WILDCARD_HOST)) {
                continue;
            }
            if (!entry.principal().equals(who) && !entry.principal().equals(WILDCARD_PRINCIPAL)) {
                continue;
            }
            if (entry.operation() != operation && entry.operation() != AclOperation.ALL) {
                continue;
            }
            ResourcePattern pattern = binding.pattern();
            boolean literal = pattern.patternType() == PatternType.LITERAL;
            if (entry.permissionType() == AclPermissionType.DENY) {
                if (literal && pattern.name().equals(ResourcePattern.WILDCARD_RESOURCE)) {
                    return false;
                }
                (literal ? denyLiteral : denyPrefixed).add(pattern.name());
            } else if (entry.permissionType() == AclPermissionType.ALLOW) {
                if (literal && pattern.name().equals(ResourcePattern.WILDCARD_RESOURCE)) {
                    wildcardAllow = true; // a later wildcard DENY still wins
                    continue;
                }
                (literal ? allowLiteral : allowPrefixed).add(pattern.name());
            }
        }
        if (wildcardAllow) {
            return true;
        }
        for (String allowed : allowLiteral) {
            if (!denyLiteral.contains(allowed) && !deniedByPrefix(allowed, denyPrefixed)) {
                return true;
            }
        }
        for (String allowed : allowPrefixed) {
            if (!deniedByPrefix(allowed, denyPrefixed)) {
                return true;
            }
        }
        return false;
    }

    private static boolean deniedByPrefix(String name, Set<String> denyPrefixed) {
        for (int i = 1; i <= name.length(); i++) {
            if (denyPrefixed.contains(name.substring(0, i))) {
                return true;
            }
        }
        return false;
    }
}
