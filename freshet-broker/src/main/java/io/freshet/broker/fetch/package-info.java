/**
 * Long-poll fetches. Storage's append listener is the {@link io.freshet.broker.fetch.FetchPurgatory}; it wakes
 * the {@link io.freshet.broker.fetch.DelayedFetch}es watching the partition, which read again on their own
 * event loop. Records read from verified segment bytes travel as storage's {@code SegmentSlice} and are sent with
 * sendfile by the network layer's {@code FrameWriter}.
 */
package io.freshet.broker.fetch;
