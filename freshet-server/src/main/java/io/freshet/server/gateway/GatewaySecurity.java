package io.freshet.server.gateway;

import io.freshet.security.acl.Authorizer;
import io.freshet.security.acl.FreshetAuthorizer;
import io.freshet.security.auth.PasswordCheck;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code freshet gateway} hands its MQTT and HTTP listeners in place of the server's {@code Security}: with
 * {@code gateway.auth=cluster}, passwords checked by a SASL login to the cluster ({@link ClusterPasswordCheck}) and
 * the cluster's ACLs evaluated by Freshet's own authorizer ({@link ClusterAcls} feeding a {@link FreshetAuthorizer}
 * with the gateway's {@code super.users} and {@code allow.everyone.if.no.acl.found}); with {@code none}, everyone
 * allowed everything and no user known, as before.
 *
 * <p>The principal the listeners authorize is the end user's ({@code User:NAME}); the gateway's own producer and
 * consumers still act on the cluster as the gateway's principal (its {@code kafka.sasl.jaas.config}), as a REST
 * proxy without principal propagation does. Thread-safe.
 */
public final class GatewaySecurity implements AutoCloseable {

    private final Authorizer authorizer;
    private final PasswordCheck passwords;
    private final ClusterAcls acls;

    private GatewaySecurity(Authorizer authorizer, PasswordCheck passwords, ClusterAcls acls) {
        this.authorizer = authorizer;
        this.passwords = passwords;
        this.acls = acls;
    }

    /** Every client allowed everything; a client that sends a user name is refused (no users). */
    public static GatewaySecurity none() {
        return new GatewaySecurity(Authorizer.ALLOW_ALL, PasswordCheck.NONE, null);
    }

    /**
     * For {@code auth}: {@link #none()}, or the cluster's users and ACLs (read once now, on the caller's thread).
     *
     * @throws IllegalStateException the cluster's ACLs cannot be read (see {@link ClusterAcls#start})
     */
    public static GatewaySecurity open(GatewayAuthConfig auth, String bootstrapServers,
                                       Map<String, Object> clientProperties) {
        if (!auth.enabled()) {
            return none();
        }
        Map<String, Object> admin = new HashMap<>(clientProperties);
        admin.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, "freshet-gateway-acls");
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) auth.checkTimeout().toMillis());
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) auth.checkTimeout().toMillis());
        Optional<ClusterAcls> acls = ClusterAcls.start(Admin.create(admin), auth.aclRefresh(), auth.aclMaxAge(),
            auth.checkTimeout());
        Authorizer authorizer = acls.<Authorizer>map(source -> new FreshetAuthorizer(auth.acls()).follow(source))
            .orElse(Authorizer.ALLOW_ALL);
        return new GatewaySecurity(authorizer, ClusterPasswordCheck.of(auth, bootstrapServers, clientProperties),
            acls.orElse(null));
    }

    public Authorizer authorizer() {
        return authorizer;
    }

    public PasswordCheck passwords() {
        return passwords;
    }

    /** Stops reading the cluster's ACLs. */
    @Override
    public void close() {
        if (acls != null) {
            acls.close();
        }
    }
}
