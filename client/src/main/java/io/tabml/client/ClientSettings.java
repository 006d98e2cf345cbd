package io.tabml.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the API is and which key to send. Each comes from the first of: the value given here (the
 * CLI's {@code --url} / {@code --key}), the environment ({@code TABML_URL}, {@code TABML_KEY}), the
 * profile in the config file ({@code $XDG_CONFIG_HOME/tabml/config}, else {@code ~/.config/tabml/config}).
 * The profile is {@code TABML_PROFILE} or {@code default}. The file is INI-like:
 * <pre>
 * [default]
 * url = http://127.0.0.1:7071
 *
 * [prod]
 * url = https://my-app.azurewebsites.net
 * key = ...
 * </pre>
 * The key is optional: the local host enforces none unless it is told to.
 */
public record ClientSettings(String url, String key) {
    public static final String DEFAULT_PROFILE = "default";

    public ClientSettings {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("no API URL: pass --url, set TABML_URL, or add 'url = ...' to a profile in "
                    + "~/.config/tabml/config (e.g. url = http://127.0.0.1:7071)");
        }
    }

    /** The settings of this process's environment and the user's config file. */
    public static ClientSettings fromEnvironment() {
        return resolve(null, null, null, System.getenv());
    }

    /**
     * @param url     given explicitly, or null
     * @param key     given explicitly, or null
     * @param profile given explicitly, or null for {@code TABML_PROFILE}, else {@code default}
     * @param env     the environment to read {@code TABML_*}, {@code XDG_CONFIG_HOME} and {@code HOME} from
     */
    public static ClientSettings resolve(String url, String key, String profile, Map<String, String> env) {
        String profileName = first(profile, env.get("TABML_PROFILE")).orElse(DEFAULT_PROFILE);
        Path file = configFile(env);
        Map<String, String> fromFile = profile(file, profileName);
        if (fromFile.isEmpty() && (profile != null || env.get("TABML_PROFILE") != null)) {
            throw new IllegalArgumentException("profile '" + profileName + "' is not in " + file);
        }
        return new ClientSettings(first(url, env.get("TABML_URL"), fromFile.get("url")).orElse(null),
                first(key, env.get("TABML_KEY"), fromFile.get("key")).orElse(null));
    }

    /** The config file the settings are read from. */
    public static Path configFile(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(first(env.get("HOME")).orElse(System.getProperty("user.home")), ".config");
        return base.resolve("tabml").resolve("config");
    }

    /** One profile's {@code name = value} lines; empty when the file or the profile does not exist. */
    static Map<String, String> profile(Path file, String name) {
        if (!Files.isRegularFile(file)) return Map.of();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        String section = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
            } else if (name.equals(section) && line.contains("=")) {
                int eq = line.indexOf('=');
                values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return values;
    }

    private static Optional<String> first(String... candidates) {
        for (String candidate : candidates) if (candidate != null && !candidate.isBlank()) return Optional.of(candidate.strip());
        return Optional.empty();
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "ClientSettings[url=" + url + ", key=" + (key == null ? "none" : "***") + "]";
    }
}
