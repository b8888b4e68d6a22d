package io.freshet.sql.ast;

/** A STREAM is a log of independent events; a TABLE is the latest value per key (its topic is a changelog). */
public enum SourceKind {
    STREAM, TABLE
}
