package io.tabml.cli;

import io.tabml.client.TabmlApiException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** {@code tabml}: the entry point of the CLI jar. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, new Console(System.out, System.err, System.getenv(), interactive())));
    }

    /**
     * Runs one command line in this JVM, writing to these streams and reading settings from this
     * environment instead of the process's (the end-to-end tests drive the CLI this way).
     * Returns the exit code ({@code tabml --help} lists them).
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, new Console(out, err, env, false));
    }

    static int run(String[] args, Console console) {
        return commandLine(console).execute(args);
    }

    static CommandLine commandLine(Console console) {
        CommandLine cli = new CommandLine(new TabmlCommand(console));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new PrintWriter(console.out(), true));
        cli.setErr(new PrintWriter(console.err(), true));
        cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.DESCRIPTIONS);
        // picocli hides its completion command by default; people should find it in --help
        cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, console));
        return cli;
    }

    /** Prints a failure the way a person can act on it; returns the exit code that names its kind. */
    private static int report(Exception e, Console console) {
        var err = console.err();
        switch (e) {
            case TabmlApiException api -> {
                err.println("error: " + api.getMessage() + " (" + api.code() + ", HTTP " + api.status() + ")");
                for (Map.Entry<String, List<String>> field : api.details().entrySet()) {
                    for (String problem : field.getValue()) err.println("  " + field.getKey() + ": " + problem);
                }
                if (api.status() == 401) err.println("  (pass --key, set TABML_KEY, or add 'key = ...' to your profile)");
                return ExitCodes.of(api);
            }
            case UncheckedIOException io -> {
                err.println("error: " + io.getMessage());
                return ExitCodes.UNAVAILABLE;
            }
            case IllegalArgumentException usage -> {
                err.println("error: " + usage.getMessage());
                return ExitCodes.USAGE;
            }
            default -> {
                err.println("error: " + e);
                return ExitCodes.ERROR;
            }
        }
    }

    /**
     * Whether a person is watching: then progress redraws one line. {@code System.console()} is
     * non-null on JDK 22+ even when output is redirected, where {@code Console.isTerminal()} (22+) tells.
     */
    private static boolean interactive() {
        java.io.Console console = System.console();
        if (console == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException olderJdk) {
            return true;
        }
    }
}
