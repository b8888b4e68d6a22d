/**
 * Record bytes to {@code Object[]} rows and back ({@link io.freshet.sql.format.SqlSerdes}): one {@code RowFormat}
 * per format (JSON object or bare scalar, KAFKA, DELIMITED, no key), each both halves of its serde. Reading
 * errors are {@link org.apache.kafka.common.errors.SerializationException}s naming the column, which the query's
 * deserialization handler counts and skips.
 */
package io.freshet.sql.format;
