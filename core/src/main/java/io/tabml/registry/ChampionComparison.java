package io.tabml.registry;

import io.tabml.data.Table;
import io.tabml.ingest.FeatureSchema;
import io.tabml.ingest.InputSchema;
import io.tabml.training.EvaluatedRows;
import io.tabml.training.ModelPipeline;
import io.tabml.training.PairedEvidence;
import io.tabml.training.RawData;
import io.tabml.training.TrainingRowSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Scores the champion on the rows a new version was evaluated on, leaving out those the champion
 * trained on (it would look better on them than it is), so that the gate compares the two on the
 * same rows ({@link PairedEvidence}). When that cannot be done, it says why, and the gate compares
 * the two versions' own estimates instead.
 */
final class ChampionComparison {
    /**
     * The fewest rows of each class the comparison needs, after the champion's training rows are
     * left out: the floor a holdout has per class ({@code Trainer.MIN_HOLDOUT_ROWS_PER_CLASS}).
     */
    static final int MIN_ROWS_PER_CLASS = 5;

    /** The evidence, or (evidence null) why there is none. */
    record Outcome(PairedEvidence evidence, String whyUnpaired) {
        static Outcome unpaired(String why, Object... args) {
            return new Outcome(null, String.format(Locale.ROOT, why, args));
        }
    }

    private ChampionComparison() {}

    /**
     * @param positiveClass the new version's positive class (ROC AUC is compared on it, for two classes)
     */
    static Outcome compare(int championVersion, ModelPipeline champion, Optional<TrainingRowSet> championRows,
                           Optional<EvaluatedRows> candidateRows, String positiveClass) {
        if (candidateRows.isEmpty()) return Outcome.unpaired("the new version's run left no evaluation rows (its trainer predates them)");
        if (championRows.isEmpty()) return Outcome.unpaired("the champion (v%d) was registered without a record of its training rows", championVersion);
        EvaluatedRows rows = candidateRows.get();
        InputSchema schema = champion.schema();
        if (!new HashSet<>(schema.classes()).equals(new HashSet<>(rows.classes()))) {
            return Outcome.unpaired("the classes differ: the champion (v%d) has %s, the new version %s", championVersion, schema.classes(), rows.classes());
        }
        List<String> missing = new ArrayList<>(schema.features().stream().map(FeatureSchema::name).filter(n -> !rows.names().contains(n)).toList());
        if (!rows.names().contains(schema.target())) missing.add(schema.target());
        if (!missing.isEmpty()) return Outcome.unpaired("the new version's rows lack the champion's (v%d) column(s) %s", championVersion, missing);
        try {
            return score(championVersion, champion, championRows.get(), rows, positiveClass);
        } catch (RuntimeException e) {
            return Outcome.unpaired("scoring the champion (v%d) on the new version's rows failed: %s", championVersion, e.getMessage());
        }
    }

    private static Outcome score(int championVersion, ModelPipeline champion, TrainingRowSet championRows, EvaluatedRows rows,
                                 String positiveClass) {
        Table table = rows.table();
        InputSchema schema = champion.schema();
        var cells = new TrainingRowSet.Cells(table, schema);
        RawData data = RawData.of(table, schema);
        List<String> classes = rows.classes();
        int[] toCandidateOrder = classes.stream().mapToInt(schema.classes()::indexOf).toArray();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < rows.rowCount(); i++) if (!championRows.contains(cells, i)) kept.add(i);
        int[] truth = new int[kept.size()];
        int[] perClass = new int[classes.size()];
        double[][] candidate = new double[kept.size()][], championProbabilities = new double[kept.size()][];
        for (int k = 0; k < truth.length; k++) {
            int i = kept.get(k);
            truth[k] = rows.truth(i);
            perClass[truth[k]]++;
            candidate[k] = rows.probabilities()[i];
            double[] own = champion.probabilities(data.row(i));
            championProbabilities[k] = new double[classes.size()];
            for (int c = 0; c < classes.size(); c++) championProbabilities[k][c] = own[toCandidateOrder[c]];
        }
        for (int c = 0; c < classes.size(); c++) {
            if (perClass[c] < MIN_ROWS_PER_CLASS) {
                return Outcome.unpaired("of the new version's %d evaluation rows, %d were not in the champion's (v%d) training rows, "
                                + "%d of them of class '%s': the comparison needs %d of each class",
                        rows.rowCount(), kept.size(), championVersion, perClass[c], classes.get(c), MIN_ROWS_PER_CLASS);
            }
        }
        return new Outcome(PairedEvidence.of(truth, candidate, championProbabilities, classes.indexOf(positiveClass),
                rows.rowCount() - kept.size(), championVersion), null);
    }
}
