package io.freshet.broker.network;

import io.freshet.storage.log.SegmentSlice;
import io.netty.channel.DefaultFileRegion;

/**
 * A file region over a segment's open channel. It is a {@link DefaultFileRegion} so that the epoll transport sends
 * it with native sendfile, but releasing it must not close the channel: the segment owns it and keeps serving
 * other reads. It holds a {@link SegmentSlice.Lease} instead, so that the store's budget of open segment files
 * does not close the channel under a send in flight; Netty releases the region once it is written or the write
 * failed (and {@link FrameWriter#discard} when the frame was never written), which ends the lease.
 */
final class SegmentFileRegion extends DefaultFileRegion {

    private final SegmentSlice.Lease lease;

    SegmentFileRegion(SegmentSlice.Lease lease, long position, long count) {
        super(lease.channel(), position, count);
        this.lease = lease;
    }

    @Override
    protected void deallocate() {
        lease.close(); // not the channel: the segment's, closed by the budget, or when it is closed or deleted
    }
}
