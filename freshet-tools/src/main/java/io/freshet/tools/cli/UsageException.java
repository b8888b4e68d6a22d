package io.freshet.tools.cli;

/** A command line that cannot be run; the message is one line for the user, followed by the usage. */
public final class UsageException extends Exception {
    private final String usage;

    public UsageException(String message, String usage) {
        super(message);
        this.usage = usage;
    }

    public String usage() {
        return usage;
    }
}
