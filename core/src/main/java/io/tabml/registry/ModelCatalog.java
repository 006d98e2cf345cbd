package io.tabml.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tabml.data.ModelName;
import io.tabml.errors.ConflictException;
import io.tabml.errors.NotFoundException;
import io.tabml.ingest.InputSchema;
import io.tabml.storage.ConcurrentUpdateException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The read views the API serves over the registry: the model list and one model's details. */
public final class ModelCatalog {
    private final ModelRegistry registry;

    public ModelCatalog(ModelRegistry registry) {
        this.registry = registry;
    }

    /** Every model that has a visible version, with its champion's headline metrics. */
    public List<ModelSummary> list() {
        return registry.models().stream().map(this::summary).flatMap(Optional::stream).toList();
    }

    /** One model: champion, its input schema, and the versions; 404 when the model does not exist. */
    public ModelDetails details(String model) {
        ModelName.require(model);
        List<Integer> versions = registry.versions(model);
        if (versions.isEmpty()) throw new NotFoundException("model '" + model + "' does not exist (no registered version)");
        Optional<Champion> champion = registry.champion(model).map(c -> c.value());
        int shown = champion.map(Champion::version).orElse(versions.get(versions.size() - 1));
        ModelMetadata metadata = registry.metadata(model, shown).orElseThrow();
        List<VersionSummary> versionSummaries = versions.stream()
                .map(v -> registry.metadata(model, v)).flatMap(Optional::stream)
                .map(m -> new VersionSummary(m.version(), m.algorithm(), headline(m).rocAuc(), headline(m).f1(), headline(m).rmse(),
                        headline(m).r2(), m.registeredAt(), m.gate().promote(), m.gate().reason()))
                .toList();
        return new ModelDetails(model, champion.orElse(null), shown, metadata.schema(), versionSummaries,
                registry.championHistory(model));
    }

    /**
     * Promotes or rolls back to a version. A concurrent change of champion between reading and
     * writing is a conflict, not a silent overwrite.
     */
    public Champion promote(String model, int version, String reason) {
        ModelName.require(model);
        if (registry.metadata(model, version).isEmpty()) throw new NotFoundException("model '" + model + "' has no version " + version);
        Integer current = registry.champion(model).map(c -> c.value().version()).orElse(null);
        try {
            return registry.promote(model, version, reason, current);
        } catch (ConcurrentUpdateException e) {
            throw new ConflictException("the champion of '" + model + "' changed meanwhile; read it again and retry");
        }
    }

    public ModelMetadata version(String model, int version) {
        ModelName.require(model);
        return registry.metadata(model, version)
                .orElseThrow(() -> new NotFoundException("model '" + model + "' has no version " + version));
    }

    private Optional<ModelSummary> summary(String model) {
        List<Integer> versions = registry.versions(model);
        if (versions.isEmpty()) return Optional.empty();
        var champion = registry.champion(model).map(c -> c.value());
        int latest = versions.get(versions.size() - 1);
        return registry.metadata(model, champion.map(Champion::version).orElse(latest)).map(m -> new ModelSummary(model,
                champion.map(Champion::version).orElse(null), latest, versions.size(), m.algorithm(), headline(m).rocAuc(),
                headline(m).accuracy(), headline(m).f1(), headline(m).rmse(), headline(m).r2(),
                registry.metadata(model, latest).map(ModelMetadata::registeredAt).orElse(null), registry.monitoringStatus(model).orElse(null)));
    }

    /** The numbers a list shows of a version: a classifier's ROC AUC, accuracy and F1, or a regressor's RMSE and R² (the others null). */
    private record Headline(Double rocAuc, Double accuracy, Double f1, Double rmse, Double r2) {}

    private static Headline headline(ModelMetadata m) {
        return switch (m.report().kind()) {
            case CLASSIFICATION -> new Headline(m.metrics().rocAuc(), m.metrics().accuracy(), m.metrics().f1(), null, null);
            case REGRESSION -> {
                var metrics = m.report().regression().metrics();
                yield new Headline(null, null, null, metrics.rmse(), metrics.r2());
            }
        };
    }

    /**
     * A line of the model list; {@code monitoring} once the monitoring job has judged a window of it.
     * A classifier's headline is its ROC AUC, accuracy and F1; a regressor's its RMSE and R².
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelSummary(String model, Integer championVersion, int latestVersion, int versionCount, String algorithm,
                               Double rocAuc, Double accuracy, Double f1, Double rmse, Double r2, Instant updatedAt, MonitoringStatus monitoring) {
        /** A classifier's line. */
        public ModelSummary(String model, Integer championVersion, int latestVersion, int versionCount, String algorithm, double rocAuc,
                            double accuracy, double f1, Instant updatedAt, MonitoringStatus monitoring) {
            this(model, championVersion, latestVersion, versionCount, algorithm, rocAuc, accuracy, f1, null, null, updatedAt, monitoring);
        }
    }

    /** A model's page: the version whose schema is shown is the champion, else the latest. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelDetails(String model, Champion champion, int schemaVersion, InputSchema inputSchema,
                               List<VersionSummary> versions, List<ModelRegistry.ChampionChange> championHistory) {}

    /** A line of a model's version list: a classifier's ROC AUC and F1, or a regressor's RMSE and R². */
    public record VersionSummary(int version, String algorithm, @JsonInclude(JsonInclude.Include.NON_NULL) Double rocAuc,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) Double f1, @JsonInclude(JsonInclude.Include.NON_NULL) Double rmse,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) Double r2, Instant registeredAt, boolean passedGate, String gateReason) {
        /** A classifier's line. */
        public VersionSummary(int version, String algorithm, double rocAuc, double f1, Instant registeredAt, boolean passedGate, String gateReason) {
            this(version, algorithm, rocAuc, f1, null, null, registeredAt, passedGate, gateReason);
        }
    }
}
