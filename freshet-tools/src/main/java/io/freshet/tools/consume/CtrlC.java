package io.freshet.tools.consume;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While installed, Ctrl-C (SIGINT) calls {@code stop} instead of shutting the JVM down, so that the command ends
 * as after {@code -n}: commits, closes and exits 0 as kcat does (the JVM's own handling would exit 130). The
 * first Ctrl-C also puts the previous handler back, so a second one ends a consumer that does not stop. Uses
 * {@code sun.misc.Signal} (jdk.unsupported), the only way Java 17 offers; where the signal cannot be handled
 * (the JVM runs with -Xrs) this does nothing and the shutdown hook is what stops the loop.
 */
final class CtrlC implements AutoCloseable {

    private static final Signal INT = new Signal("INT");

    private final SignalHandler previous;

    private CtrlC(SignalHandler previous) {
        this.previous = previous;
    }

    static CtrlC install(Runnable stop) {
        SignalHandler[] previous = new SignalHandler[1];
        try {
            previous[0] = Signal.handle(INT, signal -> {
                Signal.handle(INT, previous[0]);
                stop.run();
            });
            return new CtrlC(previous[0]);
        } catch (IllegalArgumentException e) {
            return new CtrlC(null);
        }
    }

    @Override
    public void close() {
        if (previous != null) {
            Signal.handle(INT, previous);
        }
    }
}
