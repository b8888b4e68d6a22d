package io.freshet.security.acl;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ACL keys of the broker's properties, with Kafka's names.
 *
 * @param enabled                  {@code authorizer.class.name} names Freshet's authorizer (or Kafka's
 *                                 StandardAuthorizer, so one server.properties serves both); empty: no authorization
 * @param superUsers               {@code super.users}: principals ({@code User:NAME}) allowed everything
 * @param allowEveryoneIfNoAclFound {@code allow.everyone.if.no.acl.found}: a resource without any ACL is open
 */
public record AclConfig(boolean enabled, Set<String> superUsers, boolean allowEveryoneIfNoAclFound) {

    public static final String AUTHORIZER_CLASS_NAME = "authorizer.class.name";
    public static final String SUPER_USERS = "super.users";
    public static final String ALLOW_EVERYONE_IF_NO_ACL_FOUND = "allow.everyone.if.no.acl.found";

    /** The class names that mean "Freshet's authorizer". */
    public static final Set<String> AUTHORIZER_CLASSES = Set.of(
        "io.freshet.security.acl.FreshetAuthorizer",
        "org.apache.kafka.metadata.authorizer.StandardAuthorizer");

    public static final AclConfig DISABLED = new AclConfig(false, Set.of(), false);

    /** @throws IllegalArgumentException a bad value, naming its key */
    public static AclConfig parse(Map<String, String> props) {
        String className = props.getOrDefault(AUTHORIZER_CLASS_NAME, "").trim();
        boolean enabled;
        if (className.isEmpty()) {
            enabled = false;
        } else if (AUTHORIZER_CLASSES.contains(className)) {
            enabled = true;
        } else {
            throw new IllegalArgumentException(AUTHORIZER_CLASS_NAME + "=" + className
                + ": Freshet's authorizer is io.freshet.security.acl.FreshetAuthorizer (or"
                + " org.apache.kafka.metadata.authorizer.StandardAuthorizer); no other class can be loaded");
        }
        Set<String> superUsers = Arrays.stream(props.getOrDefault(SUPER_USERS, "").split(";"))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .peek(s -> {
                if (s.indexOf(':') <= 0) {
                    throw new IllegalArgumentException(SUPER_USERS + ": '" + s
                        + "' is not a principal (TYPE:NAME, e.g. User:admin)");
                }
            })
            .collect(Collectors.toUnmodifiableSet());
        String allow = props.getOrDefault(ALLOW_EVERYONE_IF_NO_ACL_FOUND, "false").trim();
        if (!allow.equalsIgnoreCase("true") && !allow.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(ALLOW_EVERYONE_IF_NO_ACL_FOUND + "=" + allow + ": must be true or false");
        }
        return new AclConfig(enabled, superUsers, Boolean.parseBoolean(allow.toLowerCase()));
    }
}
