package io.freshet.broker.network;

import io.netty.channel.DefaultFileRegion;

import java.nio.channels.FileChannel;

/**
 * A file region over a segment's open channel. It is a {@link DefaultFileRegion} so that the epoll transport sends
 * it with native sendfile, but releasing it must not close the channel: the segment owns it and keeps serving
 * other reads.
 */
final class SegmentFileRegion extends DefaultFileRegion {

    SegmentFileRegion(FileChannel channel, long position, long count) {
        super(channel, position, count);
    }

    @Override
    protected void deallocate() {
        // The channel is the segment's; it is closed when the segment is closed or deleted.
    }
}
