package io.freshet.sql.engine;

import io.freshet.sql.schema.DataSource;
import io.freshet.sql.schema.MetaStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The metastore at one offset of the command log: the sources and the persistent queries that the commands before
 * {@link #nextOffset()} define. Only {@link CommandApplier} changes it, one command at a time, so two engines that
 * replayed the same log hold the same state. Not thread-safe: its owner (the engine thread, or the submitters'
 * lock) is the only one that touches it.
 */
public final class MetaStoreState implements MetaStore {

    private final Map<String, DataSource> sources;
    private final Map<String, PersistentQuery> queries;
    private final Set<String> terminated;
    private long nextOffset;

    public MetaStoreState() {
        this(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashSet<>(), 0);
    }

    private MetaStoreState(Map<String, DataSource> sources, Map<String, PersistentQuery> queries,
                           Set<String> terminated, long nextOffset) {
        this.sources = sources;
        this.queries = queries;
        this.terminated = terminated;
        this.nextOffset = nextOffset;
    }

    /** A copy to try a command on before it is appended. */
    public MetaStoreState copy() {
        return new MetaStoreState(new LinkedHashMap<>(sources), new LinkedHashMap<>(queries),
            new LinkedHashSet<>(terminated), nextOffset);
    }

    @Override
    public Optional<DataSource> source(String name) {
        return Optional.ofNullable(sources.get(name));
    }

    @Override
    public Collection<DataSource> sources() {
        return Collections.unmodifiableCollection(sources.values());
    }

    public Optional<PersistentQuery> query(String id) {
        return Optional.ofNullable(queries.get(id));
    }

    /** The running (not terminated) persistent queries, in the order they were created. */
    public Collection<PersistentQuery> queries() {
        return Collections.unmodifiableCollection(queries.values());
    }

    /** Ids of the queries terminated so far: their internal topics may still need deleting. */
    public Set<String> terminatedQueries() {
        return Collections.unmodifiableSet(terminated);
    }

    /** The queries that read {@code source}. */
    public List<PersistentQuery> readersOf(String source) {
        List<PersistentQuery> readers = new ArrayList<>();
        for (PersistentQuery q : queries.values()) {
            if (q.sourceNames().contains(source)) {
                readers.add(q);
            }
        }
        return readers;
    }

    /** The queries that write {@code source}. */
    public List<PersistentQuery> writersOf(String source) {
        return queries.values().stream().filter(q -> q.sinkName().equals(source)).toList();
    }

    /** The offset of the next command to apply. */
    public long nextOffset() {
        return nextOffset;
    }

    void putSource(DataSource source) {
        sources.put(source.name(), source);
    }

    void removeSource(String name) {
        sources.remove(name);
    }

    void putQuery(PersistentQuery query) {
        queries.put(query.id(), query);
    }

    void terminate(String queryId) {
        if (queries.remove(queryId) != null) {
            terminated.add(queryId);
        }
    }

    void advanceTo(long offset) {
        nextOffset = offset;
    }
}
