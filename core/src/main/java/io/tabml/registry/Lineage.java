package io.tabml.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tabml.training.TrainingConfig;

/**
 * Where a model version came from: its data, its settings and the job that trained it. The code
 * that ran and when are in the version's training report.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Lineage(String datasetUrl, String datasetEtag, String datasetSha256, Long datasetRows,
                      TrainingConfig config, String jobId, String backend) {}
