package io.freshet.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version Maven filtered into freshet-version.properties, so it is right in the jar and in tests alike. */
public final class FreshetVersion {

    public static String get() {
        try (InputStream in = FreshetVersion.class.getResourceAsStream("/freshet-version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
