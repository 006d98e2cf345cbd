package io.tabml.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.util.List;

/**
 * One input of a model as seen in its training data: the type, how often it was missing, the
 * range and median of a number, the categories (most frequent first) of a category. This is what
 * the API publishes and the web form is built from.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureSchema(String name, FeatureType type, long missing, Double min, Double max, Double median,
                            List<CategoryCount> categories) implements Serializable {

    /** A category and how many training rows had it. */
    public record CategoryCount(String value, long count) implements Serializable {}
}
