package io.tabml.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tabml.client.TabmlClient;
import java.io.PrintStream;
import picocli.CommandLine.Option;

/** {@code --json}: the result as JSON on standard output, for scripts, instead of tables. */
final class JsonOption {
    private static final ObjectMapper JSON = TabmlClient.objectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--json", description = "Print the result as JSON (for scripts) instead of tables.")
    boolean enabled;

    static void print(PrintStream out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print the result as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
