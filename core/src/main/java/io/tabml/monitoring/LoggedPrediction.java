package io.tabml.monitoring;

import java.time.Instant;

/**
 * A prediction as read back from the log, with its feedback once it has some.
 *
 * @param actual     the true class, or null while no feedback has been given
 * @param feedbackAt when the true class was recorded, or null
 * @param etag       the entity's version, for a conditional update
 */
public record LoggedPrediction(PredictionRecord prediction, String actual, Instant feedbackAt, String etag) {}
