package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.data.Table;
import io.tabml.ingest.FeatureType;
import io.tabml.storage.Json;
import io.tabml.testing.SampleData;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DriftReferenceTest {
    private static DriftReference.Histogram categories(long[] counts, long other, long missing) {
        return new DriftReference.Histogram("colour", FeatureType.CATEGORICAL, null, List.of("red", "green", "blue"), counts, other, missing);
    }

    @Test
    void numbersAreBinnedBetweenTheirDecilesWithMissingValuesLast() {
        double[] values = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
        values[0] = Double.NaN;
        var histogram = DriftReference.numeric("age", values);
        assertEquals(List.of(11.0, 21.0, 31.0, 41.0, 51.0, 61.0, 71.0, 81.0, 91.0), histogram.edges());
        assertArrayEquals(new long[] {10, 10, 10, 10, 10, 10, 10, 10, 10, 9, 1}, histogram.allCounts());
        assertEquals(0, histogram.bin(11.0), "an edge belongs to the bin below it");
        assertEquals(1, histogram.bin(11.5));
        assertEquals(9, histogram.bin(1e9));
        assertEquals(10, histogram.bin(null));
        assertEquals(1, histogram.bin("12"), "a number sent as text is read as serving reads it");
    }

    @Test
    void tiedValuesMergeBinsAndNoBinStartsAtTheLargestValue() {
        double[] flags = new double[100];
        for (int i = 70; i < 100; i++) flags[i] = 1;
        var histogram = DriftReference.numeric("flag", flags);
        assertEquals(List.of(0.0), histogram.edges());
        assertArrayEquals(new long[] {70, 30, 0}, histogram.allCounts());
    }

    @Test
    void categoriesTheModelDoesNotKnowCountAsOtherBeforeMissing() {
        var histogram = categories(new long[] {5, 3, 2}, 0, 1);
        assertEquals(5, histogram.bins());
        assertEquals(1, histogram.bin("green"));
        assertEquals(3, histogram.bin("purple"));
        assertEquals(4, histogram.bin(null));
        assertEquals(4, histogram.bin("N/A"));
    }

    @Test
    void theSameSpreadIsNoShiftAndAMovedOneIs() {
        var histogram = categories(new long[] {500, 300, 200}, 0, 0);
        var same = histogram.compare(new long[] {250, 150, 100, 0, 0});
        assertEquals(0, same.psi(), 1e-3);
        assertEquals(1, same.pValue(), 1e-9);
        assertEquals(500, same.rows());
        var moved = histogram.compare(new long[] {100, 150, 150, 100, 0});
        assertTrue(moved.psi() > 0.25, "a major shift: " + moved);
        assertTrue(moved.pValue() < 1e-6, moved.toString());
    }

    @Test
    void theChiSquareTestIsPearsonsOnTheTableOfReferenceAndLiveCounts() {
        var histogram = new DriftReference.Histogram("x", FeatureType.NUMERIC, List.of(1.0, 2.0, 3.0), null, new long[] {10, 20, 30, 40}, 0, 0);
        var shift = histogram.compare(new long[] {5, 15, 30, 10, 0});
        // scipy.stats.chi2_contingency([[10, 20, 30, 40], [5, 15, 30, 10]]): 11.073015873015873, p 0.011337532571199066, 3 df
        // (the empty missing bin is left out of the degrees of freedom)
        assertEquals(11.073015873015873, shift.chiSquare(), 1e-9);
        assertEquals(0.011337532571199066, shift.pValue(), 1e-9);
        assertEquals(3, shift.degreesOfFreedom());
        assertThrows(IllegalArgumentException.class, () -> histogram.compare(new long[5]), "a window with no traffic");
        assertThrows(IllegalArgumentException.class, () -> histogram.compare(new long[4]), "counts for other bins");
    }

    @Test
    void samplesOfOneDistributionStayBelowTheModerateReadingAndAShiftedOneDoesNot() {
        Random random = new Random(3);
        var reference = DriftReference.numeric("x", random.doubles(5000).map(u -> random.nextGaussian()).toArray());
        for (int window = 0; window < 24; window++) {
            long[] live = new long[reference.bins()];
            for (int i = 0; i < 1000; i++) live[reference.bin(random.nextGaussian())]++;
            assertTrue(reference.compare(live).psi() < 0.1, "window " + window + ": " + reference.compare(live));
        }
        long[] shifted = new long[reference.bins()];
        for (int i = 0; i < 1000; i++) shifted[reference.bin(random.nextGaussian() + 0.5)]++;
        assertTrue(reference.compare(shifted).psi() > 0.2, reference.compare(shifted).toString());
    }

    @Test
    void theTrainerRecordsEveryFeatureOnTheTrainingRowsAndThePositiveClassesProbabilities() {
        Table table = Table.read(new ByteArrayInputStream(SampleData.damageIncidence(600, 4)));
        var config = new TrainingConfig(null, null, List.of(Algorithm.LOGISTIC_REGRESSION.id()), null, 3, null, null);
        TrainingReport report = new Trainer().train(table, config, (stage, percent) -> {}).report();
        DriftReference reference = report.driftReference();
        assertEquals(report.schema().features().size(), reference.features().size());
        for (var feature : reference.features()) {
            assertEquals(report.trainRows(), Arrays.stream(feature.allCounts()).sum(), feature.name());
        }
        assertEquals(1, reference.probabilities().size(), "two classes: the positive class's probability alone");
        assertEquals("probability of " + report.metrics().positiveClass(), reference.probabilities().get(0).name());
        assertEquals(report.metrics().holdoutRows(), Arrays.stream(reference.probabilities().get(0).allCounts()).sum());
        TrainingReport read = Json.read(Json.write(report), TrainingReport.class);
        assertEquals(reference.features().get(0).edges(), read.driftReference().features().get(0).edges());
        assertArrayEquals(reference.features().get(0).allCounts(), read.driftReference().features().get(0).allCounts());
    }
}
