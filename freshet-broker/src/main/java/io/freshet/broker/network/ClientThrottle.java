package io.freshet.broker.network;

import io.freshet.broker.handler.ConnectionState;
import io.freshet.security.quota.QuotaManager;
import io.freshet.security.quota.QuotaType;
import io.netty.channel.ChannelHandlerContext;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ProduceRequest;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Client quotas on one connection, applied when a response is ready (the one place the Kafka listener throttles):
 * records the request's usage against its principal's and client id's quotas (produce: the bytes of its record
 * batches; fetch: the bytes of the response's records; every request: the time it held the event loop, as a
 * percentage of one thread), puts the largest throttle in the response's {@code throttle_time_ms}, and mutes the
 * connection for that long once the response is on its way (KIP-219: answer at once, then stop reading; a timer on
 * the event loop unmutes). A request is never delayed, dropped or failed because of a quota.
 *
 * <p>Threading: the connection's event loop only. With no quota stored, {@link #measuring()} is one volatile read
 * and nothing else is done.
 */
final class ClientThrottle {

    private final QuotaManager quotas;
    private final ConnectionState state;
    private final Runnable unmuted;
    private boolean muted;
    private long mutedUntilMs;
    private ScheduledFuture<?> unmute;

    /**
     * @param quotas  null: nothing is ever throttled
     * @param unmuted run on the event loop when the mute ends (the connection reads again if it may)
     */
    ClientThrottle(QuotaManager quotas, ConnectionState state, Runnable unmuted) {
        this.quotas = quotas;
        this.state = state;
        this.unmuted = unmuted;
    }

    /** Whether requests should be timed and recorded now: at least one quota is stored. */
    boolean measuring() {
        return quotas != null && quotas.active();
    }

    /** True while the connection is throttled: it must not read. */
    boolean muted() {
        return muted;
    }

    /**
     * Records the usage of a request whose response ({@code body}, null for an acks=0 produce) is ready, and
     * throttles the client if it is over a quota.
     *
     * @param threadNanos the time the request held the event loop (decode and handler)
     * @return the throttle time, 0 when within quota
     */
    int onResponse(ChannelHandlerContext ctx, AbstractRequest request, String clientId, ApiMessage body,
                   long threadNanos) {
        if (!measuring()) {
            return 0;
        }
        ApiKeys apiKey = request.apiKey();
        long now = quotas.time().milliseconds();
        long throttleMs = 0;
        if (apiKey == ApiKeys.PRODUCE) {
            throttleMs = quotas.recordAndThrottleMs(state.principal(), clientId, QuotaType.PRODUCE,
                produceBytes((ProduceRequestData) request.data()), now);
        } else if (apiKey == ApiKeys.FETCH && body instanceof FetchResponseData fetch) {
            throttleMs = quotas.recordAndThrottleMs(state.principal(), clientId, QuotaType.FETCH, fetchBytes(fetch),
                now);
        }
        boolean acksZero = apiKey == ApiKeys.PRODUCE && ((ProduceRequest) request).acks() == 0;
        if (!exemptFromRequestQuota(apiKey) && !acksZero) {
            // Kafka: percentage of one thread's second, so a rate of 100 means one thread kept fully busy.
            double percent = threadNanos * 100.0 / TimeUnit.SECONDS.toNanos(1);
            throttleMs = Math.max(throttleMs, quotas.recordAndThrottleMs(state.principal(), clientId,
                QuotaType.REQUEST, percent, now));
        }
        if (throttleMs <= 0) {
            return 0;
        }
        int ms = (int) Math.min(throttleMs, Integer.MAX_VALUE);
        if (body != null) {
            ThrottleTime.set(apiKey, body, ms);
        }
        mute(ctx, now + ms);
        return ms;
    }

    /** Requests Kafka never throttles by request time: those a client needs before it can do anything else. */
    private static boolean exemptFromRequestQuota(ApiKeys apiKey) {
        return apiKey == ApiKeys.API_VERSIONS || apiKey == ApiKeys.SASL_HANDSHAKE
            || apiKey == ApiKeys.SASL_AUTHENTICATE;
    }

    private void mute(ChannelHandlerContext ctx, long untilMs) {
        if (muted && untilMs <= mutedUntilMs) {
            return;
        }
        if (unmute != null) {
            unmute.cancel(false);
        }
        muted = true;
        mutedUntilMs = untilMs;
        long delayMs = Math.max(0, untilMs - quotas.time().milliseconds());
        unmute = ctx.executor().schedule(() -> {
            muted = false;
            unmute = null;
            unmuted.run();
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    /** The connection closed: no timer outlives it. */
    void close() {
        if (unmute != null) {
            unmute.cancel(false);
            unmute = null;
        }
    }

    private static long produceBytes(ProduceRequestData data) {
        long bytes = 0;
        for (ProduceRequestData.TopicProduceData topic : data.topicData()) {
            for (ProduceRequestData.PartitionProduceData partition : topic.partitionData()) {
                bytes += size(partition.records());
            }
        }
        return bytes;
    }

    private static long fetchBytes(FetchResponseData data) {
        long bytes = 0;
        for (FetchResponseData.FetchableTopicResponse topic : data.responses()) {
            for (FetchResponseData.PartitionData partition : topic.partitions()) {
                bytes += size(partition.records());
            }
        }
        return bytes;
    }

    private static long size(BaseRecords records) {
        return records == null ? 0 : records.sizeInBytes();
    }
}
