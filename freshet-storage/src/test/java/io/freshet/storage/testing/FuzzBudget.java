package io.freshet.storage.testing;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scales the fuzz properties of every module between the bounded pass of the normal suite and the long pass of
 * {@code scripts/fuzz.sh}, and prints what each property ran. Add it to a fuzz class with
 * {@code @AddLifecycleHook(FuzzBudget.class)}; the {@code tries} of each {@code @Property} is its bounded budget.
 *
 * <ul>
 *   <li>{@code -Dfreshet.fuzz.tries=N}: every property runs N tries.</li>
 *   <li>{@code -Dfreshet.fuzz.seconds=S}: every property runs for S seconds (tries unbounded, the property ends
 *       at its deadline: jqwik's early finish).</li>
 * </ul>
 * Each property prints one line {@code FUZZ <class>#<property> tries=N seconds=S} to its test's output.
 */
public final class FuzzBudget implements AroundPropertyHook, AroundTryHook {

    public static final String TRIES = "freshet.fuzz.tries";
    public static final String SECONDS = "freshet.fuzz.seconds";

    private static final ThreadLocal<Run> CURRENT = new ThreadLocal<>();

    private record Run(long deadlineNanos, AtomicLong tries) {
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        boolean fuzzed = context.targetMethod().isAnnotationPresent(net.jqwik.api.Property.class);
        long seconds = fuzzed ? Long.getLong(SECONDS, 0L) : 0L; // an @Example is one fixed input: run once
        Integer tries = fuzzed ? Integer.getInteger(TRIES) : null;
        long start = System.nanoTime();
        if (seconds > 0) {
            context.attributes().setTries(Integer.MAX_VALUE);
        } else if (tries != null) {
            context.attributes().setTries(tries);
        }
        Run run = new Run(seconds > 0 ? start + seconds * 1_000_000_000L : Long.MAX_VALUE, new AtomicLong());
        CURRENT.set(run);
        try {
            return property.execute();
        } finally {
            CURRENT.remove();
            System.out.printf(Locale.ROOT, "FUZZ %s#%s tries=%d seconds=%.1f%n",
                context.containerClass().getSimpleName(), context.targetMethod().getName(), run.tries().get(),
                (System.nanoTime() - start) / 1e9);
        }
    }

    @Override
    public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aTry, List<Object> parameters) {
        Run run = CURRENT.get();
        if (run != null && System.nanoTime() > run.deadlineNanos()) {
            return TryExecutionResult.satisfied(true);
        }
        if (run != null) {
            run.tries().incrementAndGet();
        }
        return aTry.execute(parameters);
    }

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS; // added on the class, it applies to each of its properties
    }

    @Override
    public int aroundPropertyProximity() {
        return -10; // outside jqwik's own hooks, so the count covers the whole property
    }
}
