/**
 * Long-poll fetches. Storage's append listener is the {@link io.freshet.broker.fetch.FetchPurgatory}; it wakes
 * the {@link io.freshet.broker.fetch.DelayedFetch}es watching the partition, which read again on their own
 * event loop. {@link io.freshet.broker.fetch.ResponseRecords} is the single place records are copied into a
 * response (the future zero-copy seam).
 */
package io.freshet.broker.fetch;
