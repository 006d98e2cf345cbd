package io.tabml.ingest;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * A model's inputs and outputs: the features in order, the target column, its classes (in the
 * order of the model's class indices) and which one is the positive class.
 */
public record InputSchema(List<FeatureSchema> features, String target, List<String> classes, String positiveClass,
                          List<DroppedColumn> dropped) implements Serializable {

    public Optional<FeatureSchema> feature(String name) {
        return features.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** A column left out of the model, and why. */
    public record DroppedColumn(String name, String reason) implements Serializable {}
}
