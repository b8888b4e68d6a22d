package io.freshet.security.quota;

import org.apache.kafka.common.quota.ClientQuotaEntity;

import java.util.HashMap;
import java.util.Map;

/**
 * Which stored quota applies to a (user, client-id) pair, with Kafka's precedence (KIP-55, the default quota
 * callback), most specific first:
 *
 * <ol>
 *   <li>user and client-id</li>
 *   <li>user and {@code <default>} client-id</li>
 *   <li>user</li>
 *   <li>{@code <default>} user and client-id</li>
 *   <li>{@code <default>} user and {@code <default>} client-id</li>
 *   <li>{@code <default>} user</li>
 *   <li>client-id</li>
 *   <li>{@code <default>} client-id</li>
 * </ol>
 *
 * The first level that stores the key wins. Its answer also says whose usage is counted against it, as Kafka's
 * metric tags do: a quota that names or defaults a client id is counted per (user, client id) of that level, a
 * user-only quota is shared by all of the user's client ids, a client-id-only quota by all users of the client id.
 * Stateless.
 */
final class QuotaResolver {

    /** The bound and whose usage counts against it (an empty tag means "shared across that dimension"). */
    record Resolved(QuotaType type, double bound, String userTag, String clientTag) {
    }

    private QuotaResolver() {
    }

    /** @return the applicable quota, or null when no level stores {@code type} */
    static Resolved resolve(QuotaSnapshot quotas, QuotaType type, String user, String clientId) {
        String key = type.key();
        Double v;
        if ((v = quotas.get(entity(user, true, clientId, true), key)) != null
            || (v = quotas.get(entity(user, true, null, true), key)) != null) {
            return new Resolved(type, v, user, clientId);
        }
        if ((v = quotas.get(entity(user, true, null, false), key)) != null) {
            return new Resolved(type, v, user, "");
        }
        if ((v = quotas.get(entity(null, true, clientId, true), key)) != null
            || (v = quotas.get(entity(null, true, null, true), key)) != null) {
            return new Resolved(type, v, user, clientId);
        }
        if ((v = quotas.get(entity(null, true, null, false), key)) != null) {
            return new Resolved(type, v, user, "");
        }
        if ((v = quotas.get(entity(null, false, clientId, true), key)) != null
            || (v = quotas.get(entity(null, false, null, true), key)) != null) {
            return new Resolved(type, v, "", clientId);
        }
        return null;
    }

    /** A null name is the {@code <default>} entity; {@code hasX} false leaves the type out. */
    private static ClientQuotaEntity entity(String user, boolean hasUser, String clientId, boolean hasClient) {
        Map<String, String> names = new HashMap<>(4);
        if (hasUser) {
            names.put(ClientQuotaEntity.USER, user);
        }
        if (hasClient) {
            names.put(ClientQuotaEntity.CLIENT_ID, clientId);
        }
        return new ClientQuotaEntity(names);
    }
}
