package io.tabml.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top command: it only holds the subcommands and the run's console. */
@Command(name = "tabml", mixinStandardHelpOptions = true, versionProvider = TabmlCommand.Version.class,
        description = {"Train, inspect, serve and roll back tabular models through the tabml API.",
            "The API's address and key come from --url and --key, else TABML_URL and TABML_KEY, else a profile in "
            + "~/.config/tabml/config (--profile, TABML_PROFILE, else 'default')."},
        subcommands = {UploadCommand.class, JobsCommand.class, ModelsCommand.class, ModelCommand.class, PredictCommand.class,
            PromoteCommand.class, RollbackCommand.class, CancelCommand.class, FeedbackCommand.class, MonitoringCommand.class, AutoComplete.GenerateCompletion.class},
        footerHeading = "%nExamples:%n", footer = {
            "  tabml upload churn.csv --model churn --wait",
            "  tabml predict churn --json '{\"age\": 34, \"plan\": \"basic\"}'",
            "  tabml rollback churn",
            "  source <(tabml generate-completion)   # bash/zsh completion"})
final class TabmlCommand implements Runnable {
    final Console console;

    @Spec
    CommandSpec spec;

    TabmlCommand(Console console) {
        this.console = console;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command, e.g. 'tabml models' (tabml --help lists them)");
    }

    /** The version the jar's manifest names; a build from the IDE or the tests has none. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TabmlCommand.class.getPackage().getImplementationVersion();
            return new String[] {"tabml " + (version == null ? "(development build)" : version)};
        }
    }
}
