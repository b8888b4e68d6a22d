/**
 * {@code freshet bench produce|consume TOPIC}: a load generator and its summary.
 *
 * <pre>
 *   BenchCommandLine.parse -> BenchRequest.Produce | BenchRequest.Consume
 *   produce: AdminConnection creates a missing topic; ProduceBenchmark sends, LatencyHistogram records send -> callback
 *   consume: ConsumeBenchmark reads from the beginning (assigned, no group)
 *   BenchResult: a table or JSON on stdout; ProgressLine once a second on a terminal
 * </pre>
 */
package io.freshet.tools.bench;
