package io.tabml.ingest;

import java.util.List;
import java.util.Map;

/**
 * What ingestion learned of an accepted upload: its fingerprint (sha256 of the bytes), its size,
 * its columns, the task and how many rows each class of the target has (none for a regression).
 */
public record DatasetSummary(String sha256, long bytes, long rows, List<String> columns, String targetColumn,
                             Map<String, Long> classCounts, TaskChoice task) {}
