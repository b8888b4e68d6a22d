package io.freshet.broker.handler;

import org.apache.kafka.common.protocol.ApiKeys;

/** The versions of one API that the broker advertises in ApiVersions and accepts. */
public record ApiVersionRange(ApiKeys apiKey, short min, short max) {

    ApiVersionRange(ApiKeys apiKey, int min, int max) {
        this(apiKey, (short) min, (short) max);
    }

    boolean contains(short version) {
        return version >= min && version <= max;
    }
}
