package io.tabml.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tabml.training.DatasetDrift;
import io.tabml.training.TrainingConfig;

/**
 * Where a model version came from: its data, its settings and the job that trained it. The code
 * that ran and when are in the version's training report.
 *
 * @param drift the data against the champion's training data when it was uploaded (null: there was
 *              no champion with a drift reference)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Lineage(String datasetUrl, String datasetEtag, String datasetSha256, Long datasetRows,
                      TrainingConfig config, String jobId, String backend, DatasetDrift drift) {}
