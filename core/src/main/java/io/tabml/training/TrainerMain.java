package io.tabml.training;

import io.tabml.data.DatasetRejectedException;
import io.tabml.data.Table;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The trainer entry point that every backend runs, locally in a child JVM or on Azure ML:
 * {@code --data <csv path or blob URL> [--config <json>] [--test <csv>] [--fit-memory-mb <n>] --out <dir>}. It writes the model and its
 * report and, as it goes, its progress; on failure, why ({@link StagingArea.RunFolder} names the files).
 *
 * <p>{@code --test} evaluates on that file instead of a holdout of the data (benchmarks use it to
 * share a split with another tool). {@code --fit-memory-mb} is the final fit's memory budget
 * ({@link FinalFit}; default: {@link FinalFit#HEAP_SHARE} of the heap the data leaves).
 *
 * <p>Exit codes: 0 trained; 2 bad arguments; 3 the dataset was refused (see failure.json);
 * 1 any other failure.
 */
public final class TrainerMain {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_REJECTED = 3;

    private TrainerMain() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the trainer in this JVM and returns its exit code (what {@link #main} exits with). */
    public static int run(String[] args) {
        Map<String, String> options = parse(args);
        if (options == null || !options.containsKey("data") || !options.containsKey("out")) {
            System.err.println("usage: TrainerMain --data <csv file> [--config <config.json>] [--test <csv file>] [--fit-memory-mb <n>] --out <dir>");
            return EXIT_USAGE;
        }
        Trainer trainer = new Trainer();
        if (options.containsKey("fit-memory-mb")) {
            try {
                long megabytes = Long.parseLong(options.get("fit-memory-mb"));
                if (megabytes <= 0) throw new NumberFormatException("not positive");
                trainer = new Trainer(megabytes * 1024 * 1024);
            } catch (NumberFormatException e) {
                System.err.println("--fit-memory-mb takes a positive whole number of megabytes, got '" + options.get("fit-memory-mb") + "'");
                return EXIT_USAGE;
            }
        }
        Path out = Path.of(options.get("out"));
        var run = new StagingArea.RunFolder(out);
        ProgressListener progress = (stage, percent) -> {
            run.writeProgress(new TrainingProgress(stage, percent, Instant.now()));
            System.out.println("progress " + percent + "% " + stage);
        };
        return train(trainer, run, progress, () -> new Inputs(
                options.containsKey("config") ? TrainingConfig.parse(Files.readAllBytes(Path.of(options.get("config")))) : TrainingConfig.DEFAULTS,
                local(options.get("data"), out.resolve("data.csv")),
                options.containsKey("test") ? local(options.get("test"), out.resolve("test.csv")) : null));
    }

    /**
     * Trains on a local CSV in this JVM, writing the result, or why there is none, into {@code run};
     * returns the exit code. The in-app backend calls it inside a function invocation.
     */
    public static int train(Path data, TrainingConfig config, StagingArea.RunFolder run, ProgressListener progress) {
        return train(new Trainer(), run, progress, () -> new Inputs(config, data, null));
    }

    private static int train(Trainer trainer, StagingArea.RunFolder run, ProgressListener progress, InputSource inputs) {
        try {
            Files.createDirectories(run.dir());
            progress.report("reading", 5);
            Inputs in = inputs.get();
            Table table = read(in.data());
            Table test = in.test() == null ? null : read(in.test());
            TrainingOutput result = trainer.run(table, test, in.config(), progress);
            progress.report("saving", 95);
            run.writeResult(result);
            progress.report("done", 100);
            return EXIT_OK;
        } catch (DatasetRejectedException e) {
            run.writeFailure(new TrainingFailure(true, e.code(), e.getMessage(), e.line()));
            System.err.println("rejected: " + e.getMessage());
            return EXIT_REJECTED;
        } catch (OutOfMemoryError e) {
            // the data and the fit's arrays were this call's: unwound, they leave room to say why
            run.writeFailure(new TrainingFailure(false, "out_of_memory", String.format(java.util.Locale.ROOT,
                    "the trainer ran out of memory (a heap of %,d MB): give it a larger heap (TRAINER_JAVA_OPTS locally, "
                            + "a node with more memory on Azure ML) or a smaller final fit (--fit-memory-mb)",
                    Runtime.getRuntime().maxMemory() >> 20), null));
            e.printStackTrace();
            return EXIT_FAILED;
        } catch (IOException | RuntimeException e) {
            run.writeFailure(new TrainingFailure(false, "training_failed",
                    e.getClass().getSimpleName() + ": " + e.getMessage(), null));
            e.printStackTrace();
            return EXIT_FAILED;
        }
    }

    /** What a run reads: the config, the data and the optional test file, resolved inside the run so a bad one is its failure. */
    private record Inputs(TrainingConfig config, Path data, Path test) {}

    @FunctionalInterface
    private interface InputSource {
        Inputs get() throws IOException;
    }

    /** A local path as is; an http(s) blob URL (with a SAS token where the blob is private) downloaded to {@code target}. */
    static Path local(String location, Path target) {
        if (!location.startsWith("https://") && !location.startsWith("http://")) return Path.of(location);
        new com.azure.storage.blob.BlobClientBuilder().endpoint(location)
                .httpClient(new com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder().build())
                .buildClient().downloadToFile(target.toString(), true);
        return target;
    }

    private static Table read(Path csv) throws IOException {
        try (InputStream in = Files.newInputStream(csv)) {
            return Table.read(in);
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) return null;
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
