package io.freshet.security;

import io.freshet.security.acl.AclConfig;
import io.freshet.security.acl.AclStore;
import io.freshet.security.acl.Authorizer;
import io.freshet.security.acl.FreshetAuthorizer;
import io.freshet.security.auth.PasswordCheck;
import io.freshet.security.sasl.SaslAuthentication;
import io.freshet.security.sasl.SaslSettings;
import io.freshet.security.sasl.ScramCredentialStore;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Everything security for every listener, built once from the broker's Kafka-named properties and its data
 * directory (where users, ACLs and quotas are stored), and handed to the Kafka, MQTT and HTTP listeners.
 *
 * <p>Thread-safe; the stores behind it have one writer each (the Kafka handlers of the admin APIs).
 */
public final class Security implements AutoCloseable {

    private final Authorizer authorizer;
    private final PasswordCheck passwords;
    private final SaslAuthentication sasl;
    // ACLs (helper "acl"): the store behind the authorizer; null without authorizer.class.name
    private AclStore aclStore;

    private Security(Authorizer authorizer, PasswordCheck passwords, SaslAuthentication sasl) {
        this.authorizer = authorizer;
        this.passwords = passwords;
        this.sasl = sasl;
    }

    /**
     * Reads the security keys of {@code props} and the stores under {@code dataDir}.
     *
     * @throws IllegalArgumentException a bad value, naming its key
     */
    public static Security open(Map<String, String> props, Path dataDir) {
        SaslAuthentication sasl = new SaslAuthentication(new SaslSettings(props), ScramCredentialStore.open(dataDir));

        // ACLs (helper "acl")
        AclConfig aclConfig = AclConfig.parse(props);
        AclStore aclStore = aclConfig.enabled() ? AclStore.open(dataDir.resolve("security")) : null;
        Authorizer authorizer = aclStore == null ? Authorizer.ALLOW_ALL
            : new FreshetAuthorizer(aclConfig).follow(aclStore);

        Security security = new Security(authorizer, sasl.passwordCheck(), sasl);
        security.aclStore = aclStore;
        return security;
    }

    /** No security: everything allowed, no users (tests of other things). */
    public static Security none() {
        return new Security(Authorizer.ALLOW_ALL, PasswordCheck.NONE,
            new SaslAuthentication(new SaslSettings(Map.of()), ScramCredentialStore.inMemory()));
    }

    public Authorizer authorizer() {
        return authorizer;
    }

    /** The ACL store CreateAcls / DescribeAcls / DeleteAcls use; empty without an authorizer (SECURITY_DISABLED). */
    public Optional<AclStore> acls() {
        return Optional.ofNullable(aclStore);
    }

    public PasswordCheck passwords() {
        return passwords;
    }

    /** SASL on the Kafka listener: mechanisms, SASL servers, the SCRAM credential store. */
    public SaslAuthentication sasl() {
        return sasl;
    }

    @Override
    public void close() {
        sasl.credentials().close();
        if (aclStore != null) {
            aclStore.close();
        }
    }
}
