package io.tabml.serving;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.ingest.FeatureSchema;
import io.tabml.ingest.FeatureType;
import io.tabml.ingest.InputSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a JSON object of feature values into a model's raw row, checking it against the input
 * schema. Problems are collected per field rather than thrown one at a time, so a caller learns
 * everything wrong with a request at once. An explicit {@code null} is a missing value (imputed);
 * a category never seen in training is accepted and reported as a warning.
 */
final class RowReader {
    private final InputSchema schema;
    private final Set<String> known = new HashSet<>();
    private final Map<String, Set<String>> categories = new LinkedHashMap<>();

    RowReader(InputSchema schema) {
        this.schema = schema;
        for (FeatureSchema f : schema.features()) {
            known.add(f.name());
            if (f.type() != FeatureType.NUMERIC) {
                Set<String> values = new HashSet<>();
                f.categories().forEach(c -> values.add(c.value()));
                categories.put(f.name(), values);
            }
        }
        schema.dropped().forEach(d -> known.add(d.name()));
    }

    /**
     * @param prefix   prepended to field names in problems, e.g. {@code rows[3].} for batches
     * @param problems field -> problems, added to
     * @param warnings added to
     */
    Object[] read(JsonNode node, String prefix, boolean lenient, Map<String, List<String>> problems, List<String> warnings) {
        if (node == null || !node.isObject()) {
            add(problems, prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
                    "must be a JSON object of feature values");
            return null;
        }
        List<FeatureSchema> features = schema.features();
        Object[] row = new Object[features.size()];
        for (int j = 0; j < features.size(); j++) {
            FeatureSchema feature = features.get(j);
            String field = prefix + feature.name();
            if (!node.has(feature.name())) {
                add(problems, field, "is required (" + describe(feature) + ")");
                continue;
            }
            JsonNode value = node.get(feature.name());
            if (value.isNull()) continue;
            if (feature.type() == FeatureType.NUMERIC) {
                if (!value.isNumber()) add(problems, field, "must be a number, got " + kind(value));
                else if (!Double.isFinite(value.doubleValue())) add(problems, field, "must be a finite number");
                else row[j] = value.doubleValue();
            } else {
                if (!value.isValueNode()) {
                    add(problems, field, "must be a string (one of the model's categories), got " + kind(value));
                } else {
                    String text = value.isBoolean() && feature.type() == FeatureType.BOOLEAN ? spelling(feature, value.booleanValue())
                            : value.asText();
                    if (!categories.get(feature.name()).contains(text)) {
                        warnings.add(field + ": category '" + text + "' was not seen in training; it is treated as unknown");
                    }
                    row[j] = text;
                }
            }
        }
        if (!lenient) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!known.contains(name) && !name.equals(schema.target())) {
                    add(problems, prefix + name, "is not an input of this model (add ?lenient=true to ignore unknown fields)");
                }
            }
        }
        return row;
    }

    /** A JSON boolean as the boolean feature's own spelling (true/false, yes/no, y/n or t/f). */
    private static String spelling(FeatureSchema feature, boolean value) {
        for (FeatureSchema.CategoryCount category : feature.categories()) {
            boolean truthy = java.util.Set.of("true", "yes", "y", "t").contains(category.value().toLowerCase(java.util.Locale.ROOT));
            if (truthy == value) return category.value();
        }
        return Boolean.toString(value);
    }

    private static String describe(FeatureSchema feature) {
        return feature.type() == FeatureType.NUMERIC ? "a number" : "a category";
    }

    private static String kind(JsonNode value) {
        if (value.isTextual()) return "a string";
        if (value.isBoolean()) return "a boolean";
        if (value.isArray()) return "an array";
        if (value.isObject()) return "an object";
        return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static void add(Map<String, List<String>> problems, String field, String problem) {
        problems.computeIfAbsent(field, k -> new ArrayList<>()).add(problem);
    }
}
