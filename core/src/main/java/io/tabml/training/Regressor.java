package io.tabml.training;

import java.io.Serializable;

/** A fitted regressor over encoded rows, predicting on the scale it was fitted on (see {@link TargetTransform}). */
public interface Regressor extends Serializable {
    double predict(double[] x);
}
