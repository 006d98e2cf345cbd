package io.tabml.ingest;

/**
 * How a column is read and encoded. BOOLEAN is a two-valued column spelled as true/false,
 * yes/no, y/n or t/f; it is encoded like a category and accepts JSON booleans at predict time.
 */
public enum FeatureType {
    NUMERIC, CATEGORICAL, BOOLEAN
}
