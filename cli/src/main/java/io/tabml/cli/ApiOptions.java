package io.tabml.cli;

import io.tabml.client.ClientSettings;
import io.tabml.client.TabmlClient;
import picocli.CommandLine.Option;

/** Where the API is and the key, on every command that calls it; unset ones come from the environment or the profile. */
final class ApiOptions {
    @Option(names = "--url", paramLabel = "URL", description = "The API's address, e.g. http://127.0.0.1:7071 (default: $TABML_URL, else the profile's url).")
    String url;

    @Option(names = "--key", paramLabel = "KEY", description = "The function or admin key (default: $TABML_KEY, else the profile's key).")
    String key;

    @Option(names = "--profile", paramLabel = "NAME", description = "The profile in ~/.config/tabml/config (default: $TABML_PROFILE, else 'default').")
    String profile;

    TabmlClient client(Console console) {
        return TabmlClient.of(ClientSettings.resolve(url, key, profile, console.env()));
    }
}
