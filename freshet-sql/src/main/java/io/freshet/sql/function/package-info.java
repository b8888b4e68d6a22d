/**
 * The function catalogue ({@link io.freshet.sql.function.Functions}): scalar functions grouped by topic
 * ({@code StringFunctions}, {@code MathFunctions}, {@code NullFunctions}, {@code JsonFunctions},
 * {@code TimeFunctions}), each a list of signatures resolved once per call site, and the aggregates
 * ({@code Aggregates}), each an immutable accumulator that writes itself for a state store's changelog.
 */
package io.freshet.sql.function;
