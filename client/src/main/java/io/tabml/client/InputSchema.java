package io.tabml.client;

import java.util.List;

/** What a model takes and predicts: its features in order, the target column, the classes and the positive one. */
public record InputSchema(List<Feature> features, String target, List<String> classes, String positiveClass,
                          List<DroppedColumn> dropped) {
    public InputSchema {
        features = features == null ? List.of() : features;
        classes = classes == null ? List.of() : classes;
        dropped = dropped == null ? List.of() : dropped;
    }

    /**
     * One input as seen in the training rows: {@code type} is {@code NUMERIC}, {@code CATEGORICAL} or
     * {@code BOOLEAN}; numbers have a range and median, categories their counts, most frequent first.
     */
    public record Feature(String name, String type, long missing, Double min, Double max, Double median,
                          List<CategoryCount> categories) {}

    public record CategoryCount(String value, long count) {}

    /** A column the trainer left out, and why. */
    public record DroppedColumn(String name, String reason) {}
}
