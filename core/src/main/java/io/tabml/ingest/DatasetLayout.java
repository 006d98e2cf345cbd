package io.tabml.ingest;

/**
 * Where datasets and what is said about them live: uploads at {@code datasets/<model>/<file>.csv},
 * a model's training settings at {@code datasets/<model>/config.json}, and the report on a refused
 * upload at {@code rejected/<model>/<file>.json}.
 */
public final class DatasetLayout {
    public static final String CONTAINER = "datasets";
    public static final String REJECTED_CONTAINER = "rejected";
    /** Reports on uploads whose folder is no valid model name go here, where no model can collide with them. */
    private static final String INVALID_MODEL_FOLDER = "_invalid-model-name/";

    private DatasetLayout() {}

    public static String configPath(String model) {
        return model + "/config.json";
    }

    /** {@code claims/2026-11.csv} -> {@code claims/2026-11.json} */
    public static String reportPath(String datasetPath) {
        int dot = datasetPath.lastIndexOf('.');
        return (dot > datasetPath.lastIndexOf('/') ? datasetPath.substring(0, dot) : datasetPath) + ".json";
    }

    /** The report path for an upload under a folder that is no valid model name. */
    public static String invalidModelReportPath(String datasetPath) {
        return INVALID_MODEL_FOLDER + reportPath(datasetPath);
    }
}
