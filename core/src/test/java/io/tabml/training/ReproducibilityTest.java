package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tabml.data.Table;
import io.tabml.storage.Json;
import io.tabml.testing.SampleData;
import java.io.ByteArrayInputStream;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Finding 8 of issue 17: two runs on the same data and config give the same model and the same
 * report, but for how long things took. Every learner is fitted (each candidate's score comes from
 * its own fits), on two classes and on three, where the SVM is one per pair of classes.
 */
class ReproducibilityTest {
    private static final Set<String> TIMES = Set.of("startedAt", "endedAt", "seconds");

    @Test
    void twoRunsOnTheSameTwoClassDataGiveTheSameModelAndReport() {
        assertSameTwice(Table.read(new ByteArrayInputStream(SampleData.damageIncidence(900, 5))));
    }

    @Test
    void twoRunsOnTheSameThreeClassDataGiveTheSameModelAndReport() {
        StringBuilder csv = new StringBuilder("x,y,colour,target\n");
        Random random = new Random(9);
        String[] classes = {"low", "mid", "high"};
        for (int i = 0; i < 450; i++) {
            int c = i % 7 == 0 ? 2 : i % 2; // "high" is the rare one
            csv.append(random.nextGaussian() + c * 1.5).append(',').append(random.nextDouble() < 0.1 ? "" : random.nextGaussian())
                    .append(',').append(c == 2 && random.nextBoolean() ? "red" : random.nextBoolean() ? "blue" : "green").append(',')
                    .append(classes[c]).append('\n');
        }
        assertSameTwice(Table.read(new ByteArrayInputStream(SampleData.csv(csv.toString()))));
    }

    private static void assertSameTwice(Table table) {
        TrainingResult first = new Trainer().train(table, TrainingConfig.DEFAULTS, (s, p) -> {});
        TrainingResult second = new Trainer().train(table, TrainingConfig.DEFAULTS, (s, p) -> {});
        assertEquals(withoutTimes(Json.MAPPER.valueToTree(first.report())), withoutTimes(Json.MAPPER.valueToTree(second.report())));
        RawData data = RawData.of(table, first.pipeline().schema());
        for (int i = 0; i < table.rowCount(); i += 7) {
            assertArrayEquals(first.pipeline().probabilities(data.row(i)), second.pipeline().probabilities(data.row(i)), 0.0, "row " + i);
        }
    }

    /** The report's JSON without the fields that say when something ran or how long it took. */
    private static JsonNode withoutTimes(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(TIMES);
            object.forEach(ReproducibilityTest::withoutTimes);
        } else if (node instanceof ArrayNode array) {
            array.forEach(ReproducibilityTest::withoutTimes);
        }
        return node;
    }
}
