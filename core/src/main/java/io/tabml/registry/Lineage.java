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
 * @param origin {@code feedback} when the data was made from feedback (null: uploaded)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Lineage(String datasetUrl, String datasetEtag, String datasetSha256, Long datasetRows,
                      TrainingConfig config, String jobId, String backend, DatasetDrift drift, String origin) {
    public Lineage(String datasetUrl, String datasetEtag, String datasetSha256, Long datasetRows, TrainingConfig config, String jobId,
                   String backend, DatasetDrift drift) {
        this(datasetUrl, datasetEtag, datasetSha256, datasetRows, config, jobId, backend, drift, null);
    }
}
