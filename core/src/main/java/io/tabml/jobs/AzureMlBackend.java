package io.tabml.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tabml.config.AppConfig;
import io.tabml.storage.BlobStore;
import io.tabml.storage.Json;
import io.tabml.training.StagingArea;
import io.tabml.training.TrainerMain;
import io.tabml.training.TrainingFailure;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs the trainer as an Azure Machine Learning command job, submitted, followed and canceled
 * through the Azure Resource Manager REST API ("Jobs - Create Or Update", "Jobs - Get",
 * "Jobs - Cancel", api-version {@value #API_VERSION}).
 *
 * <p>The job runs {@code java -cp <trainer jar> io.tabml.training.TrainerMain --data <csv> --config
 * <config.json> --out <folder>} on the compute cluster, with the cluster's managed identity. Every
 * input and the output are datastore URIs ({@link AzureMlDatastore}): the dataset blob, the trainer
 * jar ({@code AZUREML_TRAINER_JAR_URI}) and the job's training config, which this backend first
 * writes to {@code staging/<jobId>/config.json}, are downloaded to the node; the output folder
 * {@code staging/<jobId>/} is mounted read-write, so {@code model.bin} and {@code metrics.json} land
 * where registration reads them ({@link StagingArea}), and the trainer's {@code progress.json} can show
 * while it runs (when the mount writes it through; Azure ML documents only that outputs are complete
 * once the job is Completed, so progress is a hint and the job status decides).
 *
 * <p>Each submission gets a new Azure ML job name ({@code tabml-<jobId>-<8 hex>}, the job's backend
 * reference): Azure ML job names are unique per workspace and a job cannot be re-run, so a job
 * restarted after a crash needs a new name.
 */
public final class AzureMlBackend implements TrainingBackend {
    /** The Machine Learning Services REST API version, GA. */
    public static final String API_VERSION = "2024-10-01";
    /** JVM options of the trainer on the node: a share of the node's memory rather than a fixed heap, so any VM size fits. */
    static final String TRAINER_JAVA_OPTIONS = "-XX:MaxRAMPercentage=75";

    private final StagingArea staging;
    private final Settings settings;
    private final ArmClient arm;

    /**
     * Where jobs go and what they run, from the {@code AZUREML_*} settings.
     *
     * @param environment   {@code name:version} (optionally prefixed {@code azureml:}) of an environment in the workspace, or its full ARM id
     * @param trainerJarUri datastore URI of the shaded trainer jar ({@code core/target/tabml-trainer.jar}),
     *                      {@code azureml://datastores/tabml_trainer/paths/tabml-trainer.jar} as the Bicep sets it
     */
    public record Settings(String subscriptionId, String resourceGroup, String workspace, String compute,
                           String environment, String trainerJarUri) {
        /** Reads every setting; a missing one is an IllegalStateException naming it. */
        public static Settings from(AppConfig config) {
            return new Settings(config.azureMlSubscriptionId(), config.azureMlResourceGroup(), config.azureMlWorkspace(),
                    config.azureMlCompute(), config.azureMlEnvironment(), config.azureMlTrainerJarUri());
        }

        /** Refuses, at start-up rather than at the first upload, settings Azure ML would refuse. */
        public Settings {
            environmentId(environment, workspaceId(subscriptionId, resourceGroup, workspace));
            if (!AzureMlDatastore.isDatastoreUri(trainerJarUri)) {
                throw new IllegalStateException("AZUREML_TRAINER_JAR_URI must be a datastore URI, azureml://datastores/<name>/paths/"
                        + "<path> (Azure ML jobs do not read plain blob URLs), got '" + trainerJarUri + "'");
            }
        }

        /** The workspace's ARM id, the root of every request and of the compute and environment ids. */
        String workspaceId() {
            return workspaceId(subscriptionId, resourceGroup, workspace);
        }

        private static String workspaceId(String subscriptionId, String resourceGroup, String workspace) {
            return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                    + "/providers/Microsoft.MachineLearningServices/workspaces/" + workspace;
        }

        String computeId() {
            return workspaceId() + "/computes/" + compute;
        }

        /** The contract wants the environment's ARM id; Bicep and the CLI speak {@code name:version}. */
        String environmentId() {
            return environmentId(environment, workspaceId());
        }

        private static String environmentId(String environment, String workspaceId) {
            if (environment.startsWith("/subscriptions/")) return environment;
            String asset = environment.startsWith("azureml:") ? environment.substring("azureml:".length()) : environment;
            int colon = asset.lastIndexOf(':');
            if (colon <= 0 || colon == asset.length() - 1 || asset.contains("/")) {
                throw new IllegalStateException("AZUREML_ENVIRONMENT must be name:version (e.g. tabml-trainer:1) or an "
                        + "environment version's ARM id, got '" + environment + "'");
            }
            return workspaceId + "/environments/" + asset.substring(0, colon) + "/versions/" + asset.substring(colon + 1);
        }
    }

    public AzureMlBackend(BlobStore blobs, Settings settings, ArmClient arm) {
        this.staging = new StagingArea(blobs);
        this.settings = settings;
        this.arm = arm;
    }

    /** The backend as the settings describe it, signed in with DefaultAzureCredential (the managed identity in Azure). */
    public static AzureMlBackend from(AppConfig config, BlobStore blobs) {
        Settings settings = Settings.from(config);
        var credential = new com.azure.identity.DefaultAzureCredentialBuilder();
        config.managedIdentityClientId().ifPresent(credential::managedIdentityClientId);
        return new AzureMlBackend(blobs, settings, new ArmClient(credential.build(), config.azureMlArmEndpoint()));
    }

    @Override
    public String name() {
        return "azureml";
    }

    @Override
    public String submit(TrainingJob job) {
        String name = "tabml-" + job.id() + "-" + UUID.randomUUID().toString().substring(0, 8);
        // a restarted job must not find the previous run's progress, failure or model
        staging.clear(job.id());
        staging.writeConfig(job.id(), job.config());
        arm.put(jobPath(name), requestBody(job, name));
        return name;
    }

    @Override
    public RunStatus poll(TrainingJob job) {
        String name = job.backendRef();
        Optional<JsonNode> found = arm.get(jobPath(name));
        if (found.isEmpty()) {
            return RunStatus.failed("azureml_job_missing", "the Azure ML job " + name + " no longer exists in workspace "
                    + settings.workspace() + " (was it deleted?)");
        }
        String status = found.get().path("properties").path("status").asText("Unknown");
        return switch (status) {
            // not on a node yet (Provisioning is documented as unused, listed for completeness)
            case "NotStarted", "Starting", "Provisioning", "Preparing", "Queued" -> new RunStatus(RunStatus.Phase.QUEUED, "queued", 0, null);
            case "Completed", "Failed" -> outcome(job, name, status, studioLink(found.get()));
            case "Canceled", "CancelRequested" -> new RunStatus(RunStatus.Phase.CANCELED, "canceled", 0, null);
            // Running and Finalizing (uploading outputs), and the states that are not an end: NotResponding
            // ("a run can go from NotResponding to any of the previous states"), Paused, Unknown and any
            // status newer than this code. The job's time budget (JobRunner) ends a run that never comes back.
            default -> staging.progress(job.id()).map(p -> RunStatus.running(p.stage(), p.percent())).orElse(RunStatus.running("running", 0));
        };
    }

    @Override
    public void cancel(TrainingJob job) {
        arm.post(jobPath(job.backendRef() + "/cancel")); // a 404 means there is nothing left to cancel
    }

    /**
     * What an ended run left in staging decides its result: the trainer's failure.json (a refused
     * dataset or a training error, in its own words), else its model and report, else a message
     * saying where to look.
     */
    private RunStatus outcome(TrainingJob job, String name, String azureStatus, String studio) {
        Optional<TrainingFailure> failure = staging.failure(job.id());
        if (failure.isPresent()) return RunStatus.of(failure.get());
        if (azureStatus.equals("Completed")) {
            List<String> missing = staging.missingResult(job.id());
            if (missing.isEmpty()) return RunStatus.completed();
            return RunStatus.failed("azureml_output_missing", "the Azure ML job " + name + " completed but "
                    + StagingArea.describe(job.id()) + " has no " + String.join(" and no ", missing)
                    + ": check that the compute cluster's identity may write to the " + StagingArea.CONTAINER
                    + " container (Storage Blob Data Contributor) and the job's logs in Azure ML studio: " + studio);
        }
        return RunStatus.failed("azureml_job_failed", "the Azure ML job " + name + " failed before the trainer reported a result "
                + "(for example the environment, the compute or an input could not be prepared): see the job's logs in Azure ML "
                + "studio: " + studio);
    }

    /** The job's page in Azure ML studio, as the job names it ({@code services.Studio.endpoint}), else the workspace. */
    private String studioLink(JsonNode resource) {
        String endpoint = resource.at("/properties/services/Studio/endpoint").asText("");
        return endpoint.isBlank() ? "workspace " + settings.workspace() : endpoint;
    }


    /** The CommandJob of "Jobs - Create Or Update": JobBaseProperties with jobType Command. */
    private ObjectNode requestBody(TrainingJob job, String name) {
        String staging = StagingArea.folder(job.id());
        ObjectNode properties = Json.MAPPER.createObjectNode()
                .put("jobType", "Command")
                .put("displayName", job.model() + " " + job.id())
                .put("experimentName", "tabml-" + job.model())
                .put("description", "tabml training of model '" + job.model() + "' on " + job.dataset().url())
                .put("command", "java " + TRAINER_JAVA_OPTIONS + " -cp ${{inputs.trainer}} " + TrainerMain.class.getName()
                        + " --data ${{inputs.data}} --config ${{inputs.config}} --out ${{outputs.out}}")
                .put("environmentId", settings.environmentId())
                .put("computeId", settings.computeId());
        // the cluster's managed identity reads the inputs and writes the output (infra/bicep/app/rbac.bicep)
        properties.putObject("identity").put("identityType", "Managed");
        properties.putObject("tags").put("tabml.jobId", job.id()).put("tabml.model", job.model());
        ObjectNode inputs = properties.putObject("inputs");
        inputs.set("data", fileInput(AzureMlDatastore.of(job.dataset().container()).uri(job.dataset().path())));
        inputs.set("trainer", fileInput(settings.trainerJarUri()));
        inputs.set("config", fileInput(AzureMlDatastore.STAGING.uri(staging + StagingArea.CONFIG_FILE)));
        properties.putObject("outputs").putObject("out")
                .put("jobOutputType", "uri_folder")
                .put("uri", AzureMlDatastore.STAGING.uri(staging))
                // mounted rather than uploaded at the end, so progress.json can appear while the trainer runs
                .put("mode", "ReadWriteMount");
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("properties", properties);
        return body;
    }

    private static ObjectNode fileInput(String uri) {
        return Json.MAPPER.createObjectNode().put("jobInputType", "uri_file").put("uri", uri).put("mode", "Download");
    }

    private String jobPath(String name) {
        return settings.workspaceId() + "/jobs/" + name + "?api-version=" + API_VERSION;
    }
}
