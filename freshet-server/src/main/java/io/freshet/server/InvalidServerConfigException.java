package io.freshet.server;

/** A configuration the server cannot start with; Main prints its message on one line and exits with code 2. */
public final class InvalidServerConfigException extends RuntimeException {
    public InvalidServerConfigException(String message) {
        super(message);
    }
}
