package io.tabml.serving;

import java.util.Map;

/** One row's answer: the predicted class and every class's probability. */
public record Prediction(String label, Map<String, Double> probabilities) {}
