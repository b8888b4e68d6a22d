package io.freshet.sql.plan;

import io.freshet.sql.schema.Format;

/** Where a persistent query writes: the sink topic (which the caller has created) and its formats. */
public record SinkSpec(String topic, Format keyFormat, Format valueFormat) {
}
