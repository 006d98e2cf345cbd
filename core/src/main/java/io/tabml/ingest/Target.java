package io.tabml.ingest;

/**
 * What a dataset is trained to predict, as validation and schema inference need it.
 *
 * @param column        the column to predict
 * @param positiveClass the class whose probability is the score, or null for the minority class
 */
public record Target(String column, String positiveClass) {
    /** The {@code target} column, with the minority class as the positive one. */
    public static final Target DEFAULT = new Target("target", null);
}
