package io.tabml.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tabml.data.DatasetRejectedException;
import io.tabml.ingest.Target;
import io.tabml.ingest.Task;
import io.tabml.storage.Sha256;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The per-model training settings from {@code datasets/<model>/config.json}; every key is optional
 * and an invalid value rejects the upload with a message that names it.
 *
 * @param targetColumn      the column to predict (default {@code target})
 * @param positiveClass     the class whose probability is the score (default: the minority class)
 * @param algorithms        the learners to try (default: all of the task's: {@link Algorithm} or {@link RegressionAlgorithm})
 * @param metric            what model selection optimises, a {@link Metric} id: roc_auc, pr_auc, f1, accuracy, log_loss
 *                          (unset: roc_auc for two classes, log_loss for more; see {@link #selectionMetric}); for a
 *                          regression a {@link RegressionMetric} id: rmse (the default), mae, r2
 * @param cvFolds           cross-validation folds, 2-10 (default: 5, or 3 when selection has over 5,000 rows)
 * @param seed              random seed for splits and learners (default 42)
 * @param timeBudgetSeconds how long model selection may take, 10-86400 (default 600)
 * @param monitoring        how live windows are judged (not part of training: it leaves job ids alone)
 * @param task              {@code classification}, {@code regression}, or {@code auto} (the default, kept as null): the task
 *                          read from the target's values ({@link io.tabml.ingest.TargetProfile}). The metric and the
 *                          algorithms are then those of the task: a regression selects on {@code rmse} (default),
 *                          {@code mae} or {@code r2}, among {@link RegressionAlgorithm}s
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingConfig(String targetColumn, String positiveClass, List<String> algorithms, String metric,
                             Integer cvFolds, Long seed, Integer timeBudgetSeconds, MonitoringSettings monitoring, String task) {
    public static final TrainingConfig DEFAULTS = new TrainingConfig(null, null, null, null, null, null, null);

    /** Training settings whose task is read from the target's values. */
    public TrainingConfig(String targetColumn, String positiveClass, List<String> algorithms, String metric, Integer cvFolds, Long seed,
                          Integer timeBudgetSeconds, MonitoringSettings monitoring) {
        this(targetColumn, positiveClass, algorithms, metric, cvFolds, seed, timeBudgetSeconds, monitoring, null);
    }

    /** Training settings with the monitoring defaults. */
    public TrainingConfig(String targetColumn, String positiveClass, List<String> algorithms, String metric, Integer cvFolds, Long seed,
                          Integer timeBudgetSeconds) {
        this(targetColumn, positiveClass, algorithms, metric, cvFolds, seed, timeBudgetSeconds, null, null);
    }

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public TrainingConfig {
        if (targetColumn == null || targetColumn.isBlank()) targetColumn = "target";
        if (algorithms == null || algorithms.isEmpty()) algorithms = Algorithm.ids();
        algorithms = algorithms.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList();
        if (metric != null) metric = metric.toLowerCase(Locale.ROOT);
        if (seed == null) seed = 42L;
        if (timeBudgetSeconds == null) timeBudgetSeconds = 600;
        if (monitoring == null) monitoring = MonitoringSettings.DEFAULTS;
        if (task != null) task = task.toLowerCase(Locale.ROOT);
        if (Task.AUTO.equals(task)) task = null; // the default: a config that says so is the same settings as one that does not
    }

    /** Parses a config document; an invalid one is a rejection that says what is wrong. */
    public static TrainingConfig parse(byte[] json) {
        TrainingConfig config;
        try {
            config = STRICT.readValue(json, TrainingConfig.class);
        } catch (JsonProcessingException e) {
            throw new DatasetRejectedException("invalid_config", "config.json is not valid: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new DatasetRejectedException("invalid_config", "config.json could not be read: " + e.getMessage());
        }
        if (config == null) throw new DatasetRejectedException("invalid_config", "config.json is empty");
        List<String> problems = config.problems();
        if (!problems.isEmpty()) throw new DatasetRejectedException("invalid_config", "config.json: " + String.join("; ", problems));
        return config;
    }

    /** What is wrong with these settings, one sentence per key. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (task != null && !Task.ids().contains(task)) problems.add("task: unknown '" + task + "' (known: " + String.join(", ", Task.ids()) + ")");
        for (String algorithm : algorithms) {
            if (!Algorithm.ids().contains(algorithm) && !RegressionAlgorithm.ids().contains(algorithm)) {
                problems.add("algorithms: unknown '" + algorithm + "' (known: " + String.join(", ", Algorithm.ids())
                        + "; for regression: " + String.join(", ", RegressionAlgorithm.ids()) + ")");
            }
        }
        if (metric != null && !Metric.ids().contains(metric) && !RegressionMetric.ids().contains(metric)) {
            problems.add("metric: unknown '" + metric + "' (known: " + String.join(", ", Metric.ids()) + "; for regression: "
                    + String.join(", ", RegressionMetric.ids()) + ")");
        }
        if (task != null && Task.ids().contains(task) && !Task.AUTO.equals(task)) problems.addAll(mismatches(Task.of(task)));
        if (cvFolds != null && (cvFolds < 2 || cvFolds > 10)) problems.add("cvFolds: must be between 2 and 10, got " + cvFolds);
        if (timeBudgetSeconds < 10 || timeBudgetSeconds > 86_400) {
            problems.add("timeBudgetSeconds: must be between 10 and 86400, got " + timeBudgetSeconds);
        }
        problems.addAll(monitoring.problems());
        return problems;
    }

    /** The classifiers to try: the configured ones that are classifiers (all of them by default). */
    public List<Algorithm> algorithmList() {
        return algorithms.stream().filter(Algorithm.ids()::contains).map(Algorithm::of).toList();
    }

    /**
     * The regressors to try: all of them when the algorithms are left at their default (which lists
     * the classifiers), else the configured ones that are regressors.
     */
    public List<RegressionAlgorithm> regressionAlgorithms() {
        if (algorithms.equals(Algorithm.ids())) return List.of(RegressionAlgorithm.values());
        return algorithms.stream().filter(RegressionAlgorithm.ids()::contains).map(RegressionAlgorithm::of).toList();
    }

    /** The task the config names, or null when it is read from the target's values. */
    public Task requestedTask() {
        return task == null ? null : Task.of(task);
    }

    /** The metric a regression selects on: the configured one, or RMSE. Call after {@link #checkFits}. */
    public RegressionMetric regressionMetric() {
        return metric == null ? RegressionMetric.RMSE : RegressionMetric.of(metric);
    }

    /**
     * Refuses settings that cannot train the task chosen for the data (with {@code auto}, known only
     * once the target has been read): a metric of the other task, or no learner of this one.
     */
    public void checkFits(Task chosen) {
        List<String> problems = mismatches(chosen);
        if (!problems.isEmpty()) {
            throw new DatasetRejectedException("config_does_not_fit_task", "config.json does not fit a " + chosen.id() + ": "
                    + String.join("; ", problems));
        }
    }

    private List<String> mismatches(Task chosen) {
        List<String> problems = new ArrayList<>();
        boolean regression = chosen == Task.REGRESSION;
        List<String> metrics = regression ? RegressionMetric.ids() : Metric.ids();
        if (metric != null && !metrics.contains(metric) && (Metric.ids().contains(metric) || RegressionMetric.ids().contains(metric))) {
            problems.add("metric: '" + metric + "' is not a " + chosen.id() + " metric (known: " + String.join(", ", metrics) + ")");
        }
        if (regression ? regressionAlgorithms().isEmpty() : algorithmList().isEmpty()) {
            problems.add("algorithms: none of " + algorithms + " is a " + chosen.id() + " learner (known: "
                    + String.join(", ", regression ? RegressionAlgorithm.ids() : Algorithm.ids()) + ")");
        }
        return problems;
    }

    /**
     * The metric model selection maximises for a target of {@code classes} classes: the configured
     * one, or by default ROC AUC for two classes and log loss for more, where the likeliest class is
     * served, which a macro ROC AUC (each class against the rest) does not judge. A configured
     * {@code roc_auc} is kept whatever the classes. The settings must have no {@link #problems()}.
     */
    public Metric selectionMetric(int classes) {
        if (metric != null) return Metric.of(metric);
        return classes > 2 ? Metric.LOG_LOSS : Metric.ROC_AUC;
    }

    /** The target as validation and schema inference read it. */
    public Target target() {
        return new Target(targetColumn, positiveClass, requestedTask());
    }

    /** A stable fingerprint of the settings, part of the dedupe key of a training run. */
    public String fingerprint() {
        String settings = String.join("\n", targetColumn, String.valueOf(positiveClass), String.join(",", algorithms), metric,
                String.valueOf(cvFolds), seed.toString(), timeBudgetSeconds.toString());
        // a task is added only when named, so that the settings of every config written before it keep their jobs
        return Sha256.of(task == null ? settings : settings + "\ntask " + task);
    }
}
