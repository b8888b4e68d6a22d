/**
 * Freshet for tests: {@link io.freshet.testkit.EmbeddedFreshet} runs the broker in the test's JVM (a free port, a
 * temporary directory, a fraction of a second to start), {@link io.freshet.testkit.FreshetExtension} ties it to a
 * JUnit 5 class or test, and {@link io.freshet.testkit.FreshetProcess} runs it in its own JVM for crash tests.
 * The testkit brings no logging binding: tests choose their own.
 */
package io.freshet.testkit;
