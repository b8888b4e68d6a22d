package io.freshet.gateway;

import java.util.List;

/**
 * What one read returned: the records in offset order, and {@code nextOffset}, where the next read starts (past
 * the last record, control batch or aborted record looked at; equal to the requested offset when nothing was there).
 */
public record ReadResult(List<LogRecord> records, long nextOffset) {
}
