package io.freshet.bench.sql;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A reading's value as the hand-written topologies bind it with Jackson: the columns the queries use. */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class Reading {

    @JsonProperty("TEMP")
    public Double temp;

    @JsonProperty("TS")
    public Long ts;
}
