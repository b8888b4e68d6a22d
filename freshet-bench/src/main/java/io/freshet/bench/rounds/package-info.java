/**
 * The plumbing every side-by-side script shares (bench/txn.sh, bench/share.sh, bench/sql.sh): its command line
 * ({@code --rounds N}, {@code --quick} and numeric options) with the system properties the script sets, and the
 * rounds loop that alternates brokers, rotating the order each round and noting the load when each turn starts.
 */
package io.freshet.bench.rounds;
