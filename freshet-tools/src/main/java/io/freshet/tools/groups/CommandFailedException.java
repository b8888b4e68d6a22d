package io.freshet.tools.groups;

/** The command ran but could not do what was asked (unknown group, broker refused, unreachable): exit code 1. */
final class CommandFailedException extends RuntimeException {
    CommandFailedException(String message) {
        super(message);
    }
}
