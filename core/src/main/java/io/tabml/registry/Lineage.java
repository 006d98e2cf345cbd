package io.tabml.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tabml.training.TrainingConfig;
import java.time.Instant;

/** Where a model version came from: its data, its settings, the code and the run that made it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Lineage(String datasetUrl, String datasetEtag, String datasetSha256, Long datasetRows,
                      TrainingConfig config, String trainerVersion, String jobId, String backend,
                      Instant startedAt, Instant endedAt) {

    /** This lineage with the trainer's version and run times from its report. */
    public Lineage withRun(io.tabml.training.TrainingReport report) {
        return new Lineage(datasetUrl, datasetEtag, datasetSha256, datasetRows, config, report.trainerVersion(), jobId,
                backend, report.startedAt(), report.endedAt());
    }
}
