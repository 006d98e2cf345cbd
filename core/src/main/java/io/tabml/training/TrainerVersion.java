package io.tabml.training;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The build that trained a model, for lineage: the project version and the git commit it was built
 * from, e.g. {@code 0.1.0-SNAPSHOT+3f2a9c1} ({@code +3f2a9c1.dirty} with uncommitted changes).
 */
public final class TrainerVersion {
    private TrainerVersion() {}

    public static String current() {
        Properties build = load("/io/tabml/build.properties");
        Properties git = load("/io/tabml/git.properties");
        String version = build.getProperty("version", "unknown");
        String commit = git.getProperty("git.commit.id.abbrev");
        if (commit == null || commit.isBlank()) return version;
        return version + "+" + commit + ("true".equals(git.getProperty("git.dirty")) ? ".dirty" : "");
    }

    private static Properties load(String resource) {
        Properties properties = new Properties();
        try (InputStream in = TrainerVersion.class.getResourceAsStream(resource)) {
            if (in != null) properties.load(in);
        } catch (IOException e) {
            // no build information: the lineage says "unknown" rather than failing a training run
        }
        return properties;
    }
}
