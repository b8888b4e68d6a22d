package io.freshet.security.acl;

import org.apache.kafka.common.acl.AclBinding;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where a {@link FreshetAuthorizer} gets its ACLs from: the broker's own {@link AclStore}, or (in {@code freshet
 * gateway}) the ACLs read from a Kafka cluster. One writer per source: it calls its listeners from its own thread,
 * each time with the whole list.
 */
public interface AclSource {

    /** Calls {@code listener} with the ACLs now, then with the whole list after every change. */
    void listen(Consumer<List<AclBinding>> listener);
}
