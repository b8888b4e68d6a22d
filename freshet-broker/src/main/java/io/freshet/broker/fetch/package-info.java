/**
 * Long-poll fetches. Storage's append listener fans out to the {@link io.freshet.broker.fetch.FetchPurgatory},
 * which wakes the {@link io.freshet.broker.fetch.DelayedFetch}es watching the partition (they read again on their
 * own event loop), and to the {@link io.freshet.broker.fetch.ShareFetchPurgatory}, which wakes waiting ShareFetches
 * ({@link io.freshet.broker.fetch.DelayedShareFetch}: one asynchronous acquisition at a time), as does the share
 * coordinator when records become available again. Records read from verified segment bytes travel as storage's
 * {@code SegmentSlice} and are sent with sendfile by the network layer's {@code FrameWriter}.
 */
package io.freshet.broker.fetch;
