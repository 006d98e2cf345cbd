package io.tabml.training;

import io.tabml.ingest.InputSchema;
import java.io.Serializable;

/**
 * What {@code model.bin} holds: a classifier's {@link ModelPipeline} or a {@link RegressionPipeline}.
 * Both read the same raw rows through the same {@link InputSchema} and {@link FeatureEncoder};
 * what they answer differs, so callers that answer switch on the two.
 */
public sealed interface Pipeline extends Serializable permits ModelPipeline, RegressionPipeline {
    InputSchema schema();

    String algorithm();

    int formatVersion();

    /** The format this build reads for this kind of pipeline. */
    int expectedFormatVersion();
}
