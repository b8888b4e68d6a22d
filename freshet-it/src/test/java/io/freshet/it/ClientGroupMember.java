package io.freshet.it;

import java.util.List;
import java.util.Optional;

/** A consumer group member under test: a client process or a Java consumer thread. */
interface ClientGroupMember {

    /** A message a member handled (and committed). */
    record Handled(int partition, long offset, String key) {
    }

    String name();

    /** The partitions of the member's newest assignment, empty before its first. */
    Optional<List<Integer>> assignment();

    /** Every message handled so far, in order. */
    List<Handled> handled();

    /** What to print when a test fails. */
    String diagnostics();
}
