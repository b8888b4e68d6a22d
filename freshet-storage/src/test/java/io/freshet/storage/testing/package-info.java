/**
 * Test support shared by the modules' tests through freshet-storage's test-jar: a {@link
 * io.freshet.storage.testing.ManualClock} that moves only when a test says so, and {@link
 * io.freshet.storage.testing.LogLines}, which captures what a class logs (an operator must be told once, not once
 * per request), and for the fuzz suites {@link io.freshet.storage.testing.FuzzBudget} (bounded or long pass) and
 * {@link io.freshet.storage.testing.AllocationMeter} (bytes a decoder allocated). The fault-injecting file layer
 * is beside the code it wraps, in {@code io.freshet.storage.file}.
 */
package io.freshet.storage.testing;
