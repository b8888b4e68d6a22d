package io.freshet.sql.plan;

import io.freshet.sql.plan.QueryPlan.AggregateCall;
import java.util.Arrays;
import java.util.List;

/** The aggregate calls' accumulators as one {@code Object[]}, each call fed its own slice of the arguments. */
final class Accumulators {
    private final List<AggregateCall> calls;
    private final int[] offsets;

    Accumulators(List<AggregateCall> calls) {
        this.calls = calls;
        this.offsets = new int[calls.size() + 1];
        for (int i = 0; i < calls.size(); i++) {
            offsets[i + 1] = offsets[i] + calls.get(i).args().size();
        }
    }

    Object[] initial() {
        Object[] state = new Object[calls.size()];
        for (int i = 0; i < state.length; i++) {
            state[i] = calls.get(i).function().initial();
        }
        return state;
    }

    Object[] add(Object[] state, Object[] args) {
        Object[] next = new Object[state.length];
        for (int i = 0; i < next.length; i++) {
            next[i] = calls.get(i).function().add(state[i], Arrays.copyOfRange(args, offsets[i], offsets[i + 1]));
        }
        return next;
    }

    Object[] merge(Object[] left, Object[] right) {
        Object[] merged = new Object[left.length];
        for (int i = 0; i < merged.length; i++) {
            merged[i] = calls.get(i).function().merge(left[i], right[i]);
        }
        return merged;
    }

    Object[] results(Object[] state) {
        Object[] results = new Object[state.length];
        for (int i = 0; i < results.length; i++) {
            results[i] = calls.get(i).function().result(state[i]);
        }
        return results;
    }
}
