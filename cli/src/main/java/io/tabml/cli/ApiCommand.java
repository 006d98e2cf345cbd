package io.tabml.cli;

import io.tabml.client.TabmlClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** What every command that calls the API shares: the console, and a client from --url/--key/--profile. */
abstract class ApiCommand implements Callable<Integer> {
    @ParentCommand
    TabmlCommand root;

    @Mixin
    ApiOptions api;

    // help only: picocli's standard mixin would add --version, which predict and model use for a model version
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    Console console() {
        return root.console;
    }

    TabmlClient client() {
        return api.client(console());
    }
}
