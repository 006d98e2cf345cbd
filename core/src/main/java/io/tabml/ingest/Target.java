package io.tabml.ingest;

/**
 * What a dataset is trained to predict, as validation and schema inference need it.
 *
 * @param column        the column to predict
 * @param positiveClass the class whose probability is the score, or null for the minority class (classification only)
 * @param task          the task the config asks for, or null to read it from the target's values ({@link TargetProfile#choose})
 */
public record Target(String column, String positiveClass, Task task) {
    /** The {@code target} column, with the minority class as the positive one, and the task read from its values. */
    public static final Target DEFAULT = new Target("target", null, null);

    /** A target whose task is read from its values. */
    public Target(String column, String positiveClass) {
        this(column, positiveClass, null);
    }
}
