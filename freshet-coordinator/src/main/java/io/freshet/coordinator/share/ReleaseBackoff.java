package io.freshet.coordinator.share;

/**
 * Freshet's release backoff ({@code freshet.share.release.backoff.ms}, {@code .max.ms}): a released record, or one
 * whose lock expired, waits {@code backoff * 2^(deliveryCount - 1)}, at most the max, before it is available again.
 * A backoff of 0 (the default) makes it available at once, as Kafka does.
 */
final class ReleaseBackoff {

    private ReleaseBackoff() {
    }

    static long of(ShareGroupSettings settings, int deliveryCount) {
        long base = settings.releaseBackoffMs();
        long max = settings.releaseBackoffMaxMs();
        if (base <= 0) {
            return 0;
        }
        int doublings = Math.max(0, Math.min(deliveryCount - 1, 62));
        if (base > (max >> doublings)) {
            return max;
        }
        return Math.min(max, base << doublings);
    }
}
