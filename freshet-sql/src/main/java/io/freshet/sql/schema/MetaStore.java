package io.freshet.sql.schema;

import java.util.Collection;
import java.util.Optional;

/** The registered sources, by canonical name (upper case unless quoted). Read-only to the planner. */
public interface MetaStore {

    Optional<DataSource> source(String name);

    Collection<DataSource> sources();
}
