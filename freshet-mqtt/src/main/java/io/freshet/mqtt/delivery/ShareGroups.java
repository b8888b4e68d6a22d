package io.freshet.mqtt.delivery;

import io.freshet.gateway.EventLog;
import io.freshet.mqtt.mapping.TopicMapper;
import io.freshet.mqtt.message.TopicFilter;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The share groups by name, and the one thread they all run on. Members live on many event loops; the group's
 * bookkeeping (who holds which record, positions, commits) is small and single-threaded here, so no lock is shared
 * with a session. A group exists while some session subscribes to it (connected or not).
 */
final class ShareGroups implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShareGroups.class);

    private final EventLog eventLog;
    private final TopicMapper mapper;
    private final LogSignals signals;
    private final DefaultEventExecutor executor =
        new DefaultEventExecutor(new DefaultThreadFactory("mqtt-share-groups", true));
    /** Touched on {@link #executor} only. */
    private final Map<String, ShareGroup> groups = new HashMap<>();

    ShareGroups(EventLog eventLog, TopicMapper mapper, LogSignals signals) {
        this.eventLog = eventLog;
        this.mapper = mapper;
        this.signals = signals;
    }

    /** See {@link ShareGroup#join}; completes once the group's starting offsets are committed. */
    CompletableFuture<Void> join(ShareMember member, TopicFilter filter, boolean fresh, int capacity,
                                 int generation) {
        CompletableFuture<Void> joined = new CompletableFuture<>();
        Hops.execute(executor, () -> group(filter.shareGroup()).join(member, filter, fresh, capacity, generation)
            .whenComplete((ignored, failure) -> joined.complete(null)));
        return joined;
    }

    void leave(ShareMember member, TopicFilter filter) {
        onGroup(filter.shareGroup(), g -> g.leave(member, filter));
    }

    void attached(ShareMember member, String group, int capacity, int generation) {
        onGroup(group, g -> g.attached(member, capacity, generation));
    }

    void detached(ShareMember member, String group) {
        onGroup(group, g -> g.detached(member));
    }

    /** Commits every group's positions and stops the thread. */
    @Override
    public void close() {
        try {
            executor.submit(() -> {
                List<CompletableFuture<Void>> commits = new ArrayList<>();
                for (ShareGroup group : List.copyOf(groups.values())) {
                    commits.add(group.close());
                }
                groups.clear();
                return CompletableFuture.allOf(commits.toArray(CompletableFuture[]::new));
            }).get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("MQTT share groups: final offset commits did not finish: {}", Failures.cause(e).toString());
        } finally {
            executor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private void onGroup(String name, java.util.function.Consumer<ShareGroup> action) {
        Hops.execute(executor, () -> {
            ShareGroup group = groups.get(name);
            if (group != null) {
                action.accept(group);
            }
        });
    }

    private ShareGroup group(String name) {
        ShareGroup group = groups.get(name);
        if (group == null) {
            group = new ShareGroup(name, eventLog, mapper, signals, executor, g -> groups.remove(g.name(), g));
            groups.put(name, group);
        }
        return group;
    }
}
