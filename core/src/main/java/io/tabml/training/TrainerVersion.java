package io.tabml.training;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build that trained a model, for lineage. */
public final class TrainerVersion {
    private TrainerVersion() {}

    public static String current() {
        try (InputStream in = TrainerVersion.class.getResourceAsStream("/io/tabml/build.properties")) {
            Properties properties = new Properties();
            if (in != null) properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
