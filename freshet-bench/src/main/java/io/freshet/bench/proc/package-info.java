/**
 * What the harness reads from {@code /proc} while it measures: a process's CPU time and resident memory, and the
 * machine's load average, so each figure comes with how busy the shared cores were.
 */
package io.freshet.bench.proc;
