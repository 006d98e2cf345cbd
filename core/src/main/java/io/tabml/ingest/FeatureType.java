package io.tabml.ingest;

/** How a column is read and encoded. */
public enum FeatureType {
    NUMERIC, CATEGORICAL
}
