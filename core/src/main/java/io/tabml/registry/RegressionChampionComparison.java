package io.tabml.registry;

import io.tabml.ingest.FeatureSchema;
import io.tabml.training.EvaluatedRows;
import io.tabml.training.PairedEvidence;
import io.tabml.training.RawData;
import io.tabml.training.RegressionMetric;
import io.tabml.training.RegressionPipeline;
import io.tabml.training.TrainingRowSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Scores the champion regressor on the rows a new regressor was evaluated on, less those the
 * champion trained on, so that the gate compares their per-row errors on the same rows
 * ({@link PairedEvidence#ofErrors}), as {@link ChampionComparison} does for classifiers.
 */
final class RegressionChampionComparison {
    /** The fewest rows the comparison needs outside the champion's training rows: what the smallest regression holdout holds. */
    static final int MIN_ROWS = 10;

    private RegressionChampionComparison() {}

    static ChampionComparison.Outcome compare(int championVersion, RegressionPipeline champion, Optional<TrainingRowSet> championRows,
                                              Optional<EvaluatedRows> candidateRows, RegressionMetric metric) {
        if (candidateRows.isEmpty() || candidateRows.get().predictions() == null) {
            return ChampionComparison.Outcome.unpaired("the new version's run left no evaluated predictions");
        }
        if (championRows.isEmpty()) {
            return ChampionComparison.Outcome.unpaired("the champion (v%d) was registered without a record of its training rows", championVersion);
        }
        EvaluatedRows rows = candidateRows.get();
        List<String> missing = new ArrayList<>(champion.schema().features().stream().map(FeatureSchema::name)
                .filter(n -> !rows.names().contains(n)).toList());
        if (!rows.names().contains(champion.schema().target())) missing.add(champion.schema().target());
        if (!missing.isEmpty()) {
            return ChampionComparison.Outcome.unpaired("the new version's rows lack the champion's (v%d) column(s) %s", championVersion, missing);
        }
        try {
            var table = rows.table();
            var cells = new TrainingRowSet.Cells(table, champion.schema());
            RawData data = RawData.of(table, champion.schema());
            List<Integer> kept = new ArrayList<>();
            for (int i = 0; i < rows.rowCount(); i++) if (!championRows.get().contains(cells, i)) kept.add(i);
            if (kept.size() < MIN_ROWS) {
                return ChampionComparison.Outcome.unpaired("of the new version's %d evaluation rows, %d were not in the champion's (v%d) "
                        + "training rows: the comparison needs %d", rows.rowCount(), kept.size(), championVersion, MIN_ROWS);
            }
            double[] truth = new double[kept.size()], candidate = new double[kept.size()], theirs = new double[kept.size()];
            for (int k = 0; k < truth.length; k++) {
                int i = kept.get(k);
                truth[k] = rows.value(i);
                candidate[k] = rows.predictions()[i];
                theirs[k] = champion.predict(data.row(i));
            }
            return new ChampionComparison.Outcome(PairedEvidence.ofErrors(metric, truth, candidate, theirs, rows.rowCount() - kept.size(),
                    championVersion), null);
        } catch (RuntimeException e) {
            return ChampionComparison.Outcome.unpaired("scoring the champion (v%d) on the new version's rows failed: %s", championVersion,
                    e.getMessage());
        }
    }
}
