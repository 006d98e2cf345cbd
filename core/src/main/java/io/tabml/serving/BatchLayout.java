package io.tabml.serving;

/**
 * Where batch scoring reads and writes: a user drops {@code batch/<model>/<name>.csv}; the scored
 * rows go to {@code batch-results/<model>/<name>.csv} and the report on the run to
 * {@code batch-results/<model>/<name>.json}, each at the input's own path in its container.
 */
public final class BatchLayout {
    public static final String CONTAINER = "batch";
    public static final String RESULTS_CONTAINER = "batch-results";

    private BatchLayout() {}

    /** The model an input is for: its first folder, {@code claims/may.csv -> claims}; empty when the file is at the top. */
    public static String model(String inputPath) {
        int slash = inputPath.indexOf('/');
        return slash < 0 ? "" : inputPath.substring(0, slash);
    }

    /** {@code claims/may.csv} -> {@code claims/may.csv} in {@link #RESULTS_CONTAINER}. */
    public static String resultPath(String inputPath) {
        return inputPath;
    }

    /** {@code claims/may.csv} -> {@code claims/may.json} in {@link #RESULTS_CONTAINER}. */
    public static String reportPath(String inputPath) {
        int dot = inputPath.lastIndexOf('.');
        return (dot > inputPath.lastIndexOf('/') ? inputPath.substring(0, dot) : inputPath) + ".json";
    }
}
