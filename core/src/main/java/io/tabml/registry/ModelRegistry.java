package io.tabml.registry;

import io.tabml.storage.BlobStore;
import io.tabml.storage.ConcurrentUpdateException;
import io.tabml.storage.Json;
import io.tabml.storage.Sha256;
import io.tabml.training.ModelArtifact;
import io.tabml.ingest.Task;
import io.tabml.training.ModelPipeline;
import io.tabml.training.Pipeline;
import io.tabml.training.RegressionPipeline;
import io.tabml.training.StagingArea;
import io.tabml.training.TrainingReport;
import io.tabml.training.TrainingRowSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Model versions and champions in the {@code models} container.
 *
 * <p>Registration is crash-safe and idempotent per job: the version number is claimed by creating
 * {@code model.bin} only if absent (tagged with the job id, so a retry of the same job reuses its
 * claim and two instances never share a number); {@code metadata.json} is written last, and only
 * versions that have it are visible; {@code champion.json} is only ever pointed at such a version.
 */
public final class ModelRegistry {
    public static final String CONTAINER = "models";
    private static final String JOB_ID_TAG = "jobid";
    private static final String MONITORING_FILE = "monitoring.json";
    /** Audit entries sort by name in time order. */
    private static final java.time.format.DateTimeFormatter AUDIT_NAME =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private final BlobStore blobs;
    private final StagingArea staging;
    private final QualityGate gate;
    private final Clock clock;

    public ModelRegistry(BlobStore blobs, QualityGate gate, Clock clock) {
        this.blobs = blobs;
        this.staging = new StagingArea(blobs);
        this.gate = gate;
        this.clock = clock;
    }

    /**
     * Registers the output a training run left in {@code staging/<jobId>/}, then lets the quality
     * gate decide on promotion. A second call for the same job returns the first result.
     *
     * @param lineage where the run's data and settings came from, as the job knows it
     */
    public ModelMetadata register(String model, String jobId, Lineage lineage) {
        Optional<ModelMetadata> already = versionOfJob(model, jobId);
        if (already.isPresent()) return finishPromotion(already.get());

        byte[] artifact = staging.model(jobId).orElseThrow(() -> new IllegalStateException(
                "job " + jobId + " has no " + StagingArea.MODEL_FILE + " in " + StagingArea.describe(jobId)));
        TrainingReport report = staging.report(jobId).orElseThrow(() -> new IllegalStateException(
                "job " + jobId + " has no " + StagingArea.REPORT_FILE + " in " + StagingArea.describe(jobId)));
        String sha256 = Sha256.of(artifact);
        ModelArtifact.deserialize(artifact, sha256); // refuse to register what could not be served

        int version = claimVersion(model, jobId, artifact);
        // kept beside the version before it becomes visible, so a later version can be compared with it
        staging.trainingRows(jobId).ifPresent(rows ->
                blobs.createIfAbsent(CONTAINER, versionPath(model, version) + StagingArea.TRAINING_ROWS_FILE, rows));
        var champion = championMetadata(model);
        GateDecision decision = judge(jobId, report, champion);
        var metadata = new ModelMetadata(model, version, report, sha256, artifact.length, lineage, clock.instant(), decision);
        blobs.createIfAbsent(CONTAINER, versionPath(model, version) + "metadata.json", Json.write(metadata));
        if (decision.promote()) {
            promote(model, version, decision.reason(), champion.map(ModelMetadata::version).orElse(null));
        }
        return metadata;
    }

    /**
     * A retried registration whose version passed the gate but whose promotion never happened (the
     * process died in between) promotes it now, unless the champion changed after the version was
     * registered: a later promotion or rollback wins.
     */
    private ModelMetadata finishPromotion(ModelMetadata metadata) {
        if (!metadata.gate().promote()) return metadata;
        var current = champion(metadata.model());
        boolean untouchedSince = current.isEmpty() || current.get().value().promotedAt().isBefore(metadata.registeredAt());
        if (untouchedSince && current.map(c -> c.value().version() != metadata.version()).orElse(true)) {
            try {
                promote(metadata.model(), metadata.version(), metadata.gate().reason(), current.map(c -> c.value().version()).orElse(null));
            } catch (ConcurrentUpdateException raced) {
                // someone changed the champion meanwhile: theirs is newer than this retry
            }
        }
        return metadata;
    }

    /** Models that have at least one visible version, by name. */
    public List<String> models() {
        return blobs.listFolders(CONTAINER, "").stream().sorted().toList();
    }

    /** Visible versions (those with metadata.json), ascending. */
    public List<Integer> versions(String model) {
        TreeSet<Integer> versions = new TreeSet<>();
        for (var blob : blobs.list(CONTAINER, model + "/versions/")) {
            if (blob.path().endsWith("/metadata.json")) versions.add(versionOf(blob.path()));
        }
        return new ArrayList<>(versions);
    }

    public Optional<ModelMetadata> metadata(String model, int version) {
        return blobs.readJson(CONTAINER, versionPath(model, version) + "metadata.json", ModelMetadata.class)
                .map(BlobStore.Versioned::value);
    }

    public Optional<BlobStore.Versioned<Champion>> champion(String model) {
        return blobs.readJson(CONTAINER, model + "/champion.json", Champion.class);
    }

    /** The model's monitoring status as of its latest window, if monitoring has judged one. */
    public Optional<MonitoringStatus> monitoringStatus(String model) {
        return blobs.readJson(CONTAINER, model + "/" + MONITORING_FILE, MonitoringStatus.class).map(BlobStore.Versioned::value);
    }

    public void recordMonitoringStatus(String model, MonitoringStatus status) {
        blobs.write(CONTAINER, model + "/" + MONITORING_FILE, Json.write(status));
    }

    /** The champion.json ETag alone, for cheap change checks by the serving cache. */
    public Optional<String> championEtag(String model) {
        return blobs.properties(CONTAINER, model + "/champion.json").map(BlobStore.StoredBlob::etag);
    }

    /** Loads a visible version's pipeline, checking the artifact against the sha256 in its metadata. */
    public Optional<LoadedModel> load(String model, int version) {
        return metadata(model, version).map(metadata -> {
            byte[] bytes = blobs.read(CONTAINER, versionPath(model, version) + "model.bin")
                    .orElseThrow(() -> new ModelArtifact.CorruptArtifactException("model.bin of " + model + " v" + version + " is missing"))
                    .value();
            return new LoadedModel(metadata, ModelArtifact.deserialize(bytes, metadata.artifactSha256()));
        });
    }

    /**
     * Points champion.json at a visible version, only if the champion is still {@code expectedCurrent}
     * (null: no champion yet), so that two promotions cannot overwrite each other unseen. Every
     * change is also kept in the model's audit list.
     */
    public Champion promote(String model, int version, String reason, Integer expectedCurrent) {
        if (metadata(model, version).isEmpty()) {
            throw new IllegalArgumentException("model " + model + " has no version " + version);
        }
        Champion champion = new Champion(version, clock.instant(), reason);
        String path = model + "/champion.json";
        var current = champion(model);
        Integer currentVersion = current.map(c -> c.value().version()).orElse(null);
        if (!Objects.equals(currentVersion, expectedCurrent)) {
            throw new ConcurrentUpdateException(CONTAINER + "/" + path, null);
        }
        if (current.isEmpty()) {
            if (!blobs.createIfAbsent(CONTAINER, path, Json.write(champion))) throw new ConcurrentUpdateException(CONTAINER + "/" + path, null);
        } else {
            blobs.replaceIfMatch(CONTAINER, path, Json.write(champion), current.get().etag());
        }
        var entry = new ChampionChange(champion.promotedAt(), currentVersion, version, reason);
        // the random part keeps two promotions in the same microsecond from sharing one entry
        blobs.createIfAbsent(CONTAINER, model + "/audit/" + AUDIT_NAME.format(champion.promotedAt()) + "-v" + version + "-"
                + java.util.UUID.randomUUID().toString().substring(0, 8) + ".json", Json.write(entry));
        return champion;
    }

    /** Every change of champion, oldest first. */
    public List<ChampionChange> championHistory(String model) {
        return blobs.list(CONTAINER, model + "/audit/").stream()
                .map(b -> blobs.readJson(CONTAINER, b.path(), ChampionChange.class))
                .flatMap(Optional::stream).map(BlobStore.Versioned::value)
                .sorted(Comparator.comparing(ChampionChange::at)).toList();
    }

    /**
     * The gate's decision on a new version: by the tests of its task, against the champion when it
     * has one of the same task; a champion of the other task refuses it ({@link QualityGate#taskChanged}).
     */
    private GateDecision judge(String jobId, TrainingReport report, Optional<ModelMetadata> champion) {
        Task task = report.kind();
        Optional<ModelMetadata> comparable = champion.filter(c -> c.report().kind() == task);
        GateDecision decision = switch (task) {
            case CLASSIFICATION -> gate.judge(report.metrics(), comparable.map(c -> championEvidence(c, jobId, report)).orElse(null));
            case REGRESSION -> gate.judgeRegression(report.regression().metrics(),
                    comparable.map(c -> regressionChampionEvidence(c, jobId, report)).orElse(null));
        };
        if (champion.isPresent() && comparable.isEmpty()) {
            return gate.taskChanged(decision, champion.get().version(), champion.get().report().kind(), task);
        }
        return decision;
    }

    /** The champion's metrics, and the new version against it on the same rows (or why not). */
    private QualityGate.ChampionEvidence championEvidence(ModelMetadata champion, String jobId, TrainingReport report) {
        var pipeline = (ModelPipeline) load(champion.model(), champion.version()).orElseThrow().pipeline(); // a classifier's report: a classifier
        var outcome = ChampionComparison.compare(champion.version(), pipeline, trainingRows(champion), staging.evaluatedRows(jobId),
                report.metrics().positiveClass());
        return new QualityGate.ChampionEvidence(champion.version(), champion.metrics(), outcome.evidence(), outcome.whyUnpaired());
    }

    /** The champion regressor's metrics, and the new regressor against it on the same rows (or why not). */
    private QualityGate.RegressionChampionEvidence regressionChampionEvidence(ModelMetadata champion, String jobId, TrainingReport report) {
        var pipeline = (RegressionPipeline) load(champion.model(), champion.version()).orElseThrow().pipeline(); // a regressor's report: a regressor
        var metric = report.regression().metrics().metric();
        var outcome = RegressionChampionComparison.compare(champion.version(), pipeline, trainingRows(champion), staging.evaluatedRows(jobId),
                metric);
        return new QualityGate.RegressionChampionEvidence(champion.version(), champion.report().regression().metrics(), outcome.evidence(),
                outcome.whyUnpaired());
    }

    private Optional<TrainingRowSet> trainingRows(ModelMetadata version) {
        return blobs.read(CONTAINER, versionPath(version.model(), version.version()) + StagingArea.TRAINING_ROWS_FILE)
                .map(stored -> TrainingRowSet.fromBytes(stored.value()));
    }

    private Optional<ModelMetadata> championMetadata(String model) {
        return champion(model).flatMap(c -> metadata(model, c.value().version()));
    }

    private Optional<ModelMetadata> versionOfJob(String model, String jobId) {
        return blobs.list(CONTAINER, model + "/versions/").stream()
                .filter(b -> b.path().endsWith("/model.bin") && jobId.equals(b.metadata().get(JOB_ID_TAG)))
                .map(b -> metadata(model, versionOf(b.path())))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /** Claims the next free version number for this job by creating its model.bin; a retry reuses its own claim. */
    private int claimVersion(String model, String jobId, byte[] artifact) {
        var existing = blobs.list(CONTAINER, model + "/versions/").stream()
                .filter(b -> b.path().endsWith("/model.bin")).toList();
        for (var blob : existing) {
            // a single-request upload is atomic, so a claim that exists is complete
            if (jobId.equals(blob.metadata().get(JOB_ID_TAG))) return versionOf(blob.path());
        }
        int version = existing.stream().map(b -> versionOf(b.path())).max(Comparator.naturalOrder()).orElse(0) + 1;
        while (!blobs.createIfAbsent(CONTAINER, versionPath(model, version) + "model.bin", artifact, Map.of(JOB_ID_TAG, jobId))) {
            version++;
        }
        return version;
    }

    private static String versionPath(String model, int version) {
        return model + "/versions/" + version + "/";
    }

    private static int versionOf(String path) {
        String[] parts = path.split("/");
        return Integer.parseInt(parts[2]);
    }

    /** One change of champion: when, from which version (null: none), to which, and why. */
    public record ChampionChange(java.time.Instant at, Integer from, int to, String reason) {}

    /** A version's metadata with its deserialised pipeline: a classifier's or a regressor's. */
    public record LoadedModel(ModelMetadata metadata, Pipeline pipeline) {}
}
