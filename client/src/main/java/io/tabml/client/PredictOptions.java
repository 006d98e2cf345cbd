package io.tabml.client;

/**
 * Options of a prediction: a pinned {@code version} (null: the champion), {@code lenient} (ignore
 * fields the model does not know), {@code explain} (each row's top feature contributions).
 */
public record PredictOptions(Integer version, boolean lenient, boolean explain) {
    public static final PredictOptions CHAMPION = new PredictOptions(null, false, false);
}
