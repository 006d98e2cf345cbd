package io.tabml.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tabml.data.CsvSource;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rows of new data against a version's {@link DriftReference}: per feature, how far the new rows'
 * spread has moved from that version's training rows, largest shift first. Monitoring reads a live
 * window this way, and ingestion reads a new upload against the champion's training data.
 *
 * @param version the version whose training rows are the reference
 * @param rows    the new rows compared
 */
public record DatasetDrift(int version, long rows, List<FeatureShift> features) {
    /** The usual reading of a population stability index (see {@link DriftReference.Shift}). */
    static final double MODERATE_PSI = 0.1;
    static final double MAJOR_PSI = 0.25;

    /** How a shift reads: {@code none} below {@value #MODERATE_PSI}, {@code major} from {@value #MAJOR_PSI}. */
    public enum Reading {
        none, moderate, major;

        static Reading of(double psi) {
            return psi >= MAJOR_PSI ? major : psi >= MODERATE_PSI ? moderate : none;
        }
    }

    /** One feature's shift; {@code note} says when the new rows lack the column (all of it then counts as missing). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FeatureShift(String feature, Reading reading, double psi, double pValue, String note) {}

    /** The features whose shift reads moderate or major, largest first. */
    public List<FeatureShift> moved() {
        return features.stream().filter(f -> f.reading() != Reading.none).toList();
    }

    /** In words, for a job's message: which features moved and how much, against which version. */
    public String summary() {
        List<FeatureShift> moved = moved();
        if (moved.isEmpty()) {
            return String.format(Locale.ROOT, "no feature moved from version %d's training data (every population stability index below %.2f)",
                    version, MODERATE_PSI);
        }
        List<String> parts = moved.stream().map(f -> String.format(Locale.ROOT, "%s (PSI %.2f, %s%s)", f.feature(), f.psi(), f.reading(),
                f.note() == null ? "" : ", " + f.note())).toList();
        return String.format(Locale.ROOT, "%d of %d features moved from version %d's training data: %s", moved.size(), features.size(),
                version, String.join(", ", parts));
    }

    /** Streams a CSV once, counting each feature's values into the reference's bins, and compares the counts with it. */
    public static DatasetDrift of(int version, DriftReference reference, InputStream csv) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        long[] rows = {0};
        try (CsvSource source = CsvSource.open(csv)) {
            List<String> header = source.header();
            List<DriftReference.Histogram> features = reference.features();
            int[] columns = features.stream().mapToInt(f -> header.indexOf(f.name())).toArray();
            for (var feature : features) counts.put(feature.name(), new long[feature.bins()]);
            source.forEachRow(row -> {
                rows[0]++;
                for (int j = 0; j < columns.length; j++) {
                    var feature = features.get(j);
                    counts.get(feature.name())[feature.bin(columns[j] < 0 ? null : row.get(columns[j]).trim())]++;
                }
            });
            List<FeatureShift> shifts = new ArrayList<>();
            for (int j = 0; j < columns.length && rows[0] > 0; j++) {
                var feature = features.get(j);
                var shift = feature.compare(counts.get(feature.name()));
                shifts.add(new FeatureShift(feature.name(), Reading.of(shift.psi()), shift.psi(), shift.pValue(),
                        columns[j] < 0 ? "the new data has no such column" : null));
            }
            shifts.sort(Comparator.comparingDouble(FeatureShift::psi).reversed());
            return new DatasetDrift(version, rows[0], shifts);
        }
    }
}
