package io.tabml.client;

import java.util.List;

/**
 * A model's training settings as the API answers them: unset ones are null and take the trainer's
 * defaults (README, "Per-model training config").
 */
public record TrainingSettings(String targetColumn, String positiveClass, List<String> algorithms, String metric, Integer cvFolds,
                               Long seed, Integer timeBudgetSeconds) {}
