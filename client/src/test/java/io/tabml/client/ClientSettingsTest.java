package io.tabml.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientSettingsTest {
    @TempDir
    Path config;

    @BeforeEach
    void writeProfiles() throws Exception {
        Files.createDirectories(config.resolve("tabml"));
        Files.writeString(config.resolve("tabml/config"), """
                # my APIs
                [default]
                url = http://127.0.0.1:7071

                [prod]
                url = https://tabml.example.net
                key = prod-key
                """);
    }

    @Test
    void readsTheDefaultProfileFromTheConfigFile() {
        var settings = ClientSettings.resolve(null, null, null, Map.of("XDG_CONFIG_HOME", config.toString()));
        assertEquals("http://127.0.0.1:7071", settings.url());
        assertNull(settings.key());
    }

    @Test
    void aNamedProfileComesFromTheOptionOrTheEnvironment() {
        var env = Map.of("XDG_CONFIG_HOME", config.toString(), "TABML_PROFILE", "prod");
        assertEquals(new ClientSettings("https://tabml.example.net", "prod-key"), ClientSettings.resolve(null, null, null, env));
        assertEquals("http://127.0.0.1:7071", ClientSettings.resolve(null, null, "default", env).url());
    }

    @Test
    void theEnvironmentBeatsTheProfileAndExplicitValuesBeatBoth() {
        var env = Map.of("XDG_CONFIG_HOME", config.toString(), "TABML_PROFILE", "prod", "TABML_KEY", "env-key");
        assertEquals(new ClientSettings("https://tabml.example.net", "env-key"), ClientSettings.resolve(null, null, null, env));
        assertEquals(new ClientSettings("http://other:1", "flag-key"), ClientSettings.resolve("http://other:1", "flag-key", null, env));
    }

    @Test
    void anUnknownProfileOrNoUrlIsAnErrorThatSaysWhatToDo() {
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> ClientSettings.resolve(null, null, "staging", Map.of("XDG_CONFIG_HOME", config.toString())));
        assertTrue(unknown.getMessage().contains("profile 'staging' is not in"), unknown.getMessage());
        var none = assertThrows(IllegalArgumentException.class, () -> ClientSettings.resolve(null, null, null, Map.of("HOME", config.toString())));
        assertTrue(none.getMessage().contains("TABML_URL"), none.getMessage());
    }

    @Test
    void theConfigFileIsUnderHomeWithoutXdgConfigHome() {
        assertEquals(Path.of("/home/ada/.config/tabml/config"), ClientSettings.configFile(Map.of("HOME", "/home/ada")));
    }

    @Test
    void neverPrintsTheKey() {
        assertFalse(new ClientSettings("http://h", "secret").toString().contains("secret"));
    }
}
