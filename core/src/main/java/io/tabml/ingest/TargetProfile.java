package io.tabml.ingest;

import io.tabml.data.DatasetRejectedException;
import io.tabml.data.Missing;
import io.tabml.data.Numbers;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The target column's values as validation reads them, one row at a time: how many rows each
 * value has, whether every value is a number, and where the first that is not (or is an infinity)
 * stands, so that the task can be chosen and checked once the file has been read.
 *
 * <p><b>The automatic rule</b> ({@code "task": "auto"}, the default): the target is a number to
 * predict when every value is a number and it has more than {@value #AUTO_MAX_CLASSES} distinct
 * values; otherwise its values are classes. So 0/1, ratings 1-5 and codes such as 10, 20, 30 stay
 * classes, as they always were, and a price or a duration becomes a regression. A config that names
 * the task overrides the rule (a count with few values as a regression; many numeric codes as classes).
 */
public final class TargetProfile {
    /** More distinct numbers than this and the automatic rule reads the target as a regression. */
    public static final int AUTO_MAX_CLASSES = 20;
    /**
     * The fewest rows a regression trains on: its 20% holdout then holds 10 rows, and each of five
     * folds 8, the least on which an error and its spread mean something.
     */
    public static final int MIN_REGRESSION_ROWS = 50;

    private final Target target;
    private final Map<String, Long> counts = new TreeMap<>();
    private long rows;
    private String notNumber, infinite;
    private long notNumberLine, infiniteLine;

    public TargetProfile(Target target) {
        this.target = target;
    }

    /** Counts one row's target cell; a row without one rejects the dataset, whatever the task. */
    public void add(String value, long line) {
        if (Missing.isMissing(value)) {
            throw new DatasetRejectedException("missing_target",
                    "line " + line + " has no value in the target column '" + target.column() + "'", line);
        }
        rows++;
        if (counts.merge(value, 1L, Long::sum) > 1) return; // a value seen before was judged then
        boolean finite = Numbers.parse(value) != null;
        if (!finite && Numbers.isInfinite(value)) {
            if (infinite == null) {
                infinite = value;
                infiniteLine = line;
            }
        } else if (!finite && notNumber == null) {
            notNumber = value;
            notNumberLine = line;
        }
    }

    /** The task the config names, or the one the automatic rule reads from the values, with the reason. */
    public TaskChoice choose() {
        if (target.task() != null) return new TaskChoice(target.task(), "the config sets task " + target.task().id());
        if (notNumber != null) {
            return new TaskChoice(Task.CLASSIFICATION, "auto: '" + target.column() + "' holds text ('" + abbreviate(notNumber)
                    + "' on line " + notNumberLine + "), so its values are classes");
        }
        if (counts.size() > AUTO_MAX_CLASSES) {
            return new TaskChoice(Task.REGRESSION, "auto: every value of '" + target.column() + "' is a number and it has "
                    + counts.size() + " distinct values (more than " + AUTO_MAX_CLASSES + "), so it is a number to predict");
        }
        return new TaskChoice(Task.CLASSIFICATION, "auto: '" + target.column() + "' has " + counts.size() + " distinct value(s) (at most "
                + AUTO_MAX_CLASSES + "), so its values are classes");
    }

    /**
     * Chooses the task and checks the values by its rules: a classification needs two classes of at
     * least {@link DatasetValidator#MIN_ROWS_PER_CLASS} rows each; a regression finite numbers on
     * every line, at least {@link #MIN_REGRESSION_ROWS} rows and more than one value. A refusal names
     * the line at fault where there is one.
     */
    public TaskChoice check() {
        if (counts.isEmpty()) throw new DatasetRejectedException("no_rows", "the file has a header but no data rows");
        TaskChoice choice = choose();
        if (choice.task() == Task.CLASSIFICATION) DatasetValidator.checkClasses(counts, target);
        else checkRegression();
        return choice;
    }

    /** Each value's rows; the classes and their sizes when the task is classification. */
    public Map<String, Long> counts() {
        return Collections.unmodifiableMap(counts);
    }

    private void checkRegression() {
        if (notNumber != null) {
            throw new DatasetRejectedException("target_not_numeric", "line " + notNumberLine + " has '" + abbreviate(notNumber)
                    + "' in the target column '" + target.column() + "': a regression needs a number on every line", notNumberLine);
        }
        if (infinite != null) {
            throw new DatasetRejectedException("non_finite_target", "line " + infiniteLine + " has '" + abbreviate(infinite)
                    + "' in the target column '" + target.column() + "': a regression needs finite numbers", infiniteLine);
        }
        if (rows < MIN_REGRESSION_ROWS) {
            throw new DatasetRejectedException("too_few_rows", "the file has " + rows + " row(s); a regression needs at least "
                    + MIN_REGRESSION_ROWS);
        }
        if (counts.size() < 2) {
            throw new DatasetRejectedException("constant_target", "every row of the target column '" + target.column()
                    + "' has the value " + counts.keySet().iterator().next() + ": there is nothing to predict");
        }
        if (target.positiveClass() != null) {
            throw new DatasetRejectedException("positive_class_in_regression", "positiveClass '" + target.positiveClass()
                    + "' from config.json has no meaning for a regression: remove it, or set task to classification");
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
