package io.tabml.localhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.client.Champion;
import io.tabml.client.FeedbackReceipt;
import io.tabml.client.InputSchema;
import io.tabml.client.Job;
import io.tabml.client.JobState;
import io.tabml.client.ModelDetails;
import io.tabml.client.ModelSummary;
import io.tabml.client.ModelVersion;
import io.tabml.client.Prediction;
import io.tabml.client.TrainingSettings;
import io.tabml.client.UploadReceipt;
import io.tabml.ingest.FeatureSchema;
import io.tabml.jobs.TrainingJob;
import io.tabml.monitoring.FeedbackService;
import io.tabml.orchestration.DatasetUploads;
import io.tabml.registry.GateDecision;
import io.tabml.registry.Lineage;
import io.tabml.registry.ModelCatalog;
import io.tabml.registry.ModelMetadata;
import io.tabml.registry.ModelRegistry;
import io.tabml.serving.PredictionResponse;
import io.tabml.training.EvaluationMetrics;
import io.tabml.training.FeatureImportance;
import io.tabml.training.ModelPipeline;
import io.tabml.training.TrainingConfig;
import io.tabml.training.TrainingReport;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The client keeps its own records of the API's answers (it must not depend on core). Each of its
 * fields must be one the server writes, under the same name, or it would silently read null after
 * a rename on the server side. The server may write more: the client ignores what it does not read.
 */
class ClientContractTest {
    @Test
    void everyFieldTheClientReadsIsOneTheServerWrites() {
        assertReads(ModelSummary.class, ModelCatalog.ModelSummary.class);
        assertReads(ModelDetails.class, ModelCatalog.ModelDetails.class);
        assertReads(ModelDetails.VersionSummary.class, ModelCatalog.VersionSummary.class);
        assertReads(ModelDetails.ChampionChange.class, ModelRegistry.ChampionChange.class);
        assertReads(Champion.class, io.tabml.registry.Champion.class);
        assertReads(InputSchema.class, io.tabml.ingest.InputSchema.class);
        assertReads(InputSchema.Feature.class, FeatureSchema.class);
        assertReads(InputSchema.CategoryCount.class, FeatureSchema.CategoryCount.class);
        assertReads(InputSchema.DroppedColumn.class, io.tabml.ingest.InputSchema.DroppedColumn.class);
        // the version's document embeds the training report at its top level (@JsonUnwrapped)
        assertReads(ModelVersion.class, ModelMetadata.class, TrainingReport.class);
        assertReads(ModelVersion.Metrics.class, EvaluationMetrics.class);
        assertReads(ModelVersion.Evaluation.class, TrainingReport.Evaluation.class);
        assertReads(ModelVersion.FeatureImportance.class, FeatureImportance.Importance.class);
        assertReads(ModelVersion.Lineage.class, Lineage.class);
        assertReads(ModelVersion.GateDecision.class, GateDecision.class);
        assertReads(Job.class, TrainingJob.class);
        assertReads(Job.Dataset.class, TrainingJob.DatasetRef.class);
        assertReads(Job.JobError.class, TrainingJob.JobError.class);
        assertReads(UploadReceipt.class, DatasetUploads.UploadReceipt.class);
        assertReads(Prediction.class, PredictionResponse.class);
        assertReads(Prediction.Row.class, io.tabml.serving.Prediction.class);
        assertReads(Prediction.Contribution.class, ModelPipeline.Contribution.class);
        assertReads(FeedbackReceipt.class, FeedbackService.FeedbackResult.class);
        assertReads(TrainingSettings.class, TrainingConfig.class);
    }

    @Test
    void theClientKnowsEveryJobState() {
        assertEquals(Arrays.stream(io.tabml.jobs.JobState.values()).map(Enum::name).toList(),
                Arrays.stream(JobState.values()).map(Enum::name).toList());
        for (JobState state : JobState.values()) {
            assertEquals(io.tabml.jobs.JobState.valueOf(state.name()).isFinal(), state.isFinal(), state.name());
        }
    }

    private static void assertReads(Class<? extends Record> client, Class<?>... server) {
        Set<String> written = new HashSet<>();
        for (Class<?> type : server) written.addAll(names(type));
        Set<String> read = names(client);
        Set<String> unknown = read.stream().filter(name -> !written.contains(name)).collect(Collectors.toSet());
        assertTrue(unknown.isEmpty(), client.getName() + " reads " + unknown + ", which " + List.of(server) + " do not write");
    }

    private static Set<String> names(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.toSet());
    }
}
