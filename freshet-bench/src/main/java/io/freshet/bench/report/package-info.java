/**
 * Turning measurements into the reports under {@code docs/}: the raw CSV of every round, medians and ratios
 * against Apache Kafka, percentiles, the machine description and the ratio chart. No I/O but the files written.
 */
package io.freshet.bench.report;
