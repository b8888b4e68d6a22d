package io.freshet.tools.groups;

/** A command line that cannot be run; the message is one line for the user, followed by the usage. */
final class UsageException extends Exception {
    private final String usage;

    UsageException(String message, String usage) {
        super(message);
        this.usage = usage;
    }

    String usage() {
        return usage;
    }
}
