package io.freshet.bench.launch;

import java.nio.file.Path;

/** The java executable the brokers run on: the harness's own, so every JVM is the same build. */
public final class JavaCommand {

    private JavaCommand() {
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
