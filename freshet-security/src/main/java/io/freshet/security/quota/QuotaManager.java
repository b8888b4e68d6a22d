package io.freshet.security.quota;

import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.utils.Time;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures each client's usage against its quota and says how long to throttle it, as Kafka's client quota
 * managers do: usage is recorded first, then if the rate over the window is above the quota the client is
 * throttled for {@code (observed - quota) / quota x window}: the delay that brings the average back to the quota.
 * Byte-rate throttles are not capped (Kafka's {@code QuotaUtils.throttleTime}); request-percentage throttles are
 * capped at one window ({@code quota.window.size.seconds}), as Kafka's request quota manager does.
 *
 * <p>Threading: called from every event loop. The windows are shared (a user's connections may sit on different
 * event loops) in a concurrent map, each window locked for its record-and-measure; with no quota stored at all a
 * call is one volatile read. Windows idle for {@code expireMs} are dropped by a sweep done at most once per window
 * by whichever caller comes first.
 */
public final class QuotaManager {

    /** Kafka's quota sensors expire after an hour without use. */
    public static final long DEFAULT_EXPIRE_MS = 3_600_000L;

    private record WindowKey(QuotaType type, String user, String clientId) {
    }

    private final QuotaStore store;
    private final Time time;
    private final int samples;
    private final long windowMs;
    private final long expireMs;
    private final Map<WindowKey, RateWindow> windows = new ConcurrentHashMap<>();
    private volatile long lastSweepMs;

    /**
     * @param samples  {@code quota.window.num} (Kafka: 11)
     * @param windowMs {@code quota.window.size.seconds} in milliseconds (Kafka: 1000)
     */
    public QuotaManager(QuotaStore store, Time time, int samples, long windowMs, long expireMs) {
        if (samples < 1 || windowMs < 1) {
            throw new IllegalArgumentException("quota.window.num and quota.window.size.seconds must be at least 1");
        }
        this.store = store;
        this.time = time;
        this.samples = samples;
        this.windowMs = windowMs;
        this.expireMs = expireMs;
        this.lastSweepMs = time.milliseconds();
    }

    /** True when at least one quota is stored: callers skip all measuring otherwise. A volatile read. */
    public boolean active() {
        return !store.snapshot().isEmpty();
    }

    public Time time() {
        return time;
    }

    /**
     * Records {@code amount} (bytes, or request-time percent) used by {@code principal} with {@code clientId} and
     * returns how long to throttle it, 0 when within its quota or when none applies.
     */
    public long recordAndThrottleMs(KafkaPrincipal principal, String clientId, QuotaType type, double amount,
                                    long nowMs) {
        QuotaSnapshot quotas = store.snapshot();
        if (quotas.isEmpty() || type == QuotaType.CONTROLLER_MUTATION) {
            return 0;
        }
        String user = principal == null ? KafkaPrincipal.ANONYMOUS.getName() : principal.getName();
        QuotaResolver.Resolved quota = QuotaResolver.resolve(quotas, type, user, clientId == null ? "" : clientId);
        if (quota == null) {
            return 0;
        }
        maybeSweep(nowMs);
        RateWindow window = windows.computeIfAbsent(new WindowKey(type, quota.userTag(), quota.clientTag()),
            k -> new RateWindow(samples, windowMs, nowMs));
        double observed;
        long windowSizeMs;
        synchronized (window) {
            window.record(amount, nowMs);
            observed = window.rate(nowMs);
            windowSizeMs = window.windowSizeMs(nowMs);
        }
        double bound = quota.bound();
        if (observed <= bound) {
            return 0;
        }
        if (bound <= 0) {
            // A zero quota: Kafka's formula divides by it; throttle for the longest a rate quota may need.
            return windowMs * samples;
        }
        long throttleMs = Math.round((observed - bound) / bound * windowSizeMs);
        return type == QuotaType.REQUEST ? Math.min(throttleMs, windowMs) : throttleMs;
    }

    /** Windows measured now (for tests and metrics). */
    int windowCount() {
        return windows.size();
    }

    private void maybeSweep(long nowMs) {
        if (nowMs - lastSweepMs < windowMs) {
            return;
        }
        lastSweepMs = nowMs;
        windows.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return nowMs - e.getValue().lastRecordMs() > expireMs;
            }
        });
    }
}
