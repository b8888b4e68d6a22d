package io.freshet.tools.cli;

/** The command ran but could not do what was asked (unknown group, broker refused, unreachable): exit code 1. */
public final class CommandFailedException extends RuntimeException {
    public CommandFailedException(String message) {
        super(message);
    }
}
