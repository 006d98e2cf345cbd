package io.tabml.ingest;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** A raw row (values in feature order, as a pipeline reads them) keyed by feature name, in feature order. */
    public Map<String, Object> named(Object[] row) {
        Map<String, Object> named = new LinkedHashMap<>();
        for (int j = 0; j < row.length; j++) named.put(features.get(j).name(), row[j]);
        return named;
    }

    /** A column left out of the model, and why. */
    public record DroppedColumn(String name, String reason) implements Serializable {}
}
