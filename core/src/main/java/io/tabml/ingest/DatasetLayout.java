package io.tabml.ingest;

/**
 * Where datasets and what is said about them live: uploads at {@code datasets/<model>/<file>.csv},
 * a model's training settings at {@code datasets/<model>/config.json}, and the report on a refused
 * upload at {@code rejected/<model>/<file>.json}. A dataset made from feedback is an upload like any
 * other, {@code datasets/<model>/feedback-<time>.csv}, whose blob carries {@link #ORIGIN_METADATA}
 * {@code = }{@link #FEEDBACK_ORIGIN}, so its job and version can say where it came from.
 */
public final class DatasetLayout {
    public static final String CONTAINER = "datasets";
    public static final String REJECTED_CONTAINER = "rejected";
    /** Reports on uploads whose folder is no valid model name go here, where no model can collide with them. */
    private static final String INVALID_MODEL_FOLDER = "_invalid-model-name/";

    /** The blob metadata key that says where a dataset came from (absent: uploaded). */
    public static final String ORIGIN_METADATA = "origin";
    public static final String FEEDBACK_ORIGIN = "feedback";
    private static final java.time.format.DateTimeFormatter STAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC);

    private DatasetLayout() {}

    /** Where a dataset made from the model's feedback at {@code time} goes. */
    public static String feedbackDatasetPath(String model, java.time.Instant time) {
        return model + "/feedback-" + STAMP.format(time) + ".csv";
    }

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
