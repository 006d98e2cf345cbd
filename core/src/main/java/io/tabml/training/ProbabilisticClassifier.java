package io.tabml.training;

import java.io.Serializable;

/** A fitted classifier over encoded rows that gives every class's probability (classes are 0..k-1). */
public interface ProbabilisticClassifier extends Serializable {
    double[] probabilities(double[] x);
}
