package io.tabml.monitoring;

import java.time.Instant;
import java.util.Map;

/**
 * One answered prediction as the log keeps it.
 *
 * @param input         the row as the model read it: each input feature's value (a number, a
 *                      category, or null for missing), in the schema's order
 * @param probabilities each class's probability, in the schema's class order; null for a regressor's prediction
 * @param label         the class the model answered, or a regressor's predicted value as text
 */
public record PredictionRecord(String predictionId, String model, int version, Instant time, Map<String, Object> input,
                               Map<String, Double> probabilities, String label) {}
