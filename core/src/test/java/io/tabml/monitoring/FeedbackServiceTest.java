package io.tabml.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.errors.ConflictException;
import io.tabml.errors.InvalidInputException;
import io.tabml.errors.LimitExceededException;
import io.tabml.errors.NotFoundException;
import io.tabml.storage.Json;
import io.tabml.testing.Azurite;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Feedback on Azurite: true classes by prediction id, all or nothing, idempotent, every problem named by id. */
class FeedbackServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private final PredictionTable table = Azurite.shared().predictionTable();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String model = "feedback-" + suffix;
    private final String otherModel = "other-" + suffix;
    private final PredictionIds ids = new PredictionIds(Clock.systemUTC());
    private final FeedbackService feedback = new FeedbackService(table, () -> List.of(model, otherModel), 1.0,
            Clock.fixed(NOW, ZoneOffset.UTC));

    /** Logs a prediction of the model (classes no and yes) and returns its id. */
    private String logged(String model) {
        PredictionRecord r = PredictionTableTest.record(ids, model, PredictionTableTest.row(40, "north"));
        assertEquals(1, table.write(List.of(r)).written());
        return r.predictionId();
    }

    /** Logs a regressor's prediction of the model, its answer a value, and returns its id. */
    private String loggedValue(String model) {
        String id = ids.next();
        var r = new PredictionRecord(id, model, 2, PredictionIds.time(id), PredictionTableTest.row(40, "north"), null, "1234.5");
        assertEquals(1, table.write(List.of(r)).written());
        return id;
    }

    private static JsonNode json(String text) {
        return Json.read(text.getBytes(StandardCharsets.UTF_8), JsonNode.class);
    }

    private static String entries(String... idAndActual) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < idAndActual.length; i += 2) {
            items.add("{\"predictionId\": \"" + idAndActual[i] + "\", \"actual\": \"" + idAndActual[i + 1] + "\"}");
        }
        return "[" + String.join(", ", items) + "]";
    }

    private String actualOf(String id) {
        return table.find(model, id).orElseThrow().actual();
    }

    @Test
    void aRegressorsPredictionTakesItsTrueValueAsANumberOnceAndRefusesText() {
        String first = loggedValue(model);
        String second = loggedValue(model);

        var result = feedback.fromJson(model, json("[{\"predictionId\": \"" + first + "\", \"actual\": 1300}, "
                + "{\"predictionId\": \"" + second + "\", \"actual\": \"980.25\"}]"));
        assertEquals(new FeedbackService.FeedbackResult(model, 2, 2, 0), result);
        assertEquals("1300", actualOf(first));
        assertEquals("980.25", actualOf(second));

        var again = feedback.fromCsv(model, ("predictionId,actual\n" + first + ",1300.0\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(new FeedbackService.FeedbackResult(model, 1, 0, 1), again, "the same number, however written, is no change");
        var conflict = assertThrows(ConflictException.class, () -> feedback.fromJson(model, json(entries(first, "1400"))));
        assertTrue(conflict.getMessage().contains("already has actual '1300'"), conflict.getMessage());

        String third = loggedValue(model);
        var refused = assertThrows(InvalidInputException.class, () -> feedback.fromJson(model, json(entries(third, "expensive"))));
        assertEquals(List.of("actual 'expensive' is not a finite number: model '" + model + "' version 2 is a regressor, whose actual is "
                + "the true value"), refused.details().get(third));
        assertThrows(InvalidInputException.class, () -> feedback.fromJson(model, json(entries(third, "Infinity"))));
        assertNull(actualOf(third), "nothing stored");
    }

    @Test
    void storesTheActualClassesOfAJsonListByPredictionId() {
        String first = logged(model);
        String second = logged(model);

        var result = feedback.fromJson(model, json(entries(first, "no", second.toLowerCase(), "yes")));

        assertEquals(new FeedbackService.FeedbackResult(model, 2, 2, 0), result);
        assertEquals("no", actualOf(first));
        assertEquals("yes", actualOf(second), "an id is found in any case");
        assertEquals(NOW, table.find(model, first).orElseThrow().feedbackAt());
    }

    @Test
    void storesTheActualClassesOfACsvAndIgnoresItsOtherColumns() {
        String first = logged(model);
        String second = logged(model);
        // a scored CSV sent back with an actual column added
        String csv = "age,region,predictionId,prediction,actual\n40,north," + first + ",yes,no\n41,south," + second + ",yes,yes\n";

        var result = feedback.fromCsv(model, csv.getBytes(StandardCharsets.UTF_8));

        assertEquals(2, result.recorded());
        assertEquals("no", actualOf(first));
        assertEquals("yes", actualOf(second));
    }

    @Test
    void theSameClassSentAgainIsIdempotent() {
        String id = logged(model);
        feedback.fromJson(model, json(entries(id, "yes")));

        var again = feedback.fromJson(model, json(entries(id, "yes", id, "yes")));

        assertEquals(new FeedbackService.FeedbackResult(model, 2, 0, 1), again);
        assertEquals("yes", actualOf(id));
    }

    @Test
    void aDifferentClassForALabelledIdIsAConflictNamingItAndNothingIsStored() {
        String labelled = logged(model);
        String fresh = logged(model);
        feedback.fromJson(model, json(entries(labelled, "yes")));

        var e = assertThrows(ConflictException.class, () -> feedback.fromJson(model, json(entries(fresh, "no", labelled, "no"))));

        assertEquals("feedback_conflict", e.code());
        assertEquals(List.of(labelled), List.copyOf(e.details().keySet()));
        String problem = e.details().get(labelled).get(0);
        assertTrue(problem.contains("'yes'") && problem.contains("'no'"), problem);
        assertEquals("yes", actualOf(labelled), "the recorded class is kept");
        assertNull(actualOf(fresh), "the good entry of the refused request is not stored either");
    }

    @Test
    void everyProblemIsListedByIdAndNothingIsStored() {
        String good = logged(model);
        String badClass = logged(model);
        String others = logged(otherModel);
        String unknown = ids.next();
        String twice = logged(model);

        var e = assertThrows(InvalidInputException.class, () -> feedback.fromJson(model, json("["
                + "{\"predictionId\": \"" + good + "\", \"actual\": \"no\"},"
                + "{\"predictionId\": \"" + badClass + "\", \"actual\": \"maybe\"},"
                + "{\"predictionId\": \"" + others + "\", \"actual\": \"no\"},"
                + "{\"predictionId\": \"" + unknown + "\", \"actual\": \"no\"},"
                + "{\"predictionId\": \"not-an-id\", \"actual\": \"no\"},"
                + "{\"actual\": \"no\"},"
                + "{\"predictionId\": \"" + twice + "\", \"actual\": \"no\"},"
                + "{\"predictionId\": \"" + twice + "\", \"actual\": \"yes\"}]")));

        Map<String, List<String>> details = e.details();
        assertEquals(List.of(badClass, "not-an-id", "[5]", twice, others, unknown).stream().sorted().toList(),
                details.keySet().stream().sorted().toList(), details::toString);
        assertTrue(details.get(badClass).get(0).contains("'maybe' is not a class") && details.get(badClass).get(0).contains("[no, yes]"),
                details.get(badClass)::toString);
        assertTrue(details.get(others).get(0).contains("model '" + otherModel + "'"), details.get(others)::toString);
        assertTrue(details.get(unknown).get(0).contains("is unknown"), details.get(unknown)::toString);
        assertTrue(details.get("not-an-id").get(0).contains("is not a prediction id"), details.get("not-an-id")::toString);
        assertTrue(details.get("[5]").get(0).contains("predictionId is required"), details.get("[5]")::toString);
        assertTrue(details.get(twice).get(0).contains("given twice"), details.get(twice)::toString);
        assertTrue(e.getMessage().startsWith("the feedback for 6 prediction id(s) or entries (of 8 entries) cannot be used, so none was stored"),
                e.getMessage());
        for (String id : List.of(good, badClass, twice)) assertNull(actualOf(id), "nothing of the request is stored");
        assertNull(table.find(otherModel, others).orElseThrow().actual(), "nor in the other model's log");
    }

    @Test
    void anIdOfAnotherModelSaysWhichModelItBelongsTo() {
        String others = logged(otherModel);

        var e = assertThrows(InvalidInputException.class, () -> feedback.fromJson(model, json(entries(others, "yes"))));

        assertEquals("is a prediction of model '" + otherModel + "', not of '" + model + "': send it to /api/models/" + otherModel
                + "/feedback", e.details().get(others).get(0));
    }

    @Test
    void anUnknownIdUnderSamplingSaysThatSamplingMayHaveLeftItOut() {
        FeedbackService sampled = new FeedbackService(table, () -> List.of(model), 0.5, Clock.systemUTC());
        String id = ids.next();

        var e = assertThrows(InvalidInputException.class, () -> sampled.fromJson(model, json(entries(id, "yes"))));

        assertTrue(e.details().get(id).get(0).contains("PREDICTION_LOG_SAMPLE_RATE=0.5"), e.details()::toString);
    }

    @Test
    void feedbackForAModelThatDoesNotExistIsNotFound() {
        String id = logged(model);
        assertThrows(NotFoundException.class, () -> feedback.fromJson("no-such-" + suffix, json(entries(id, "yes"))));
    }

    @Test
    void aBodyThatIsNotAFeedbackListIsRefusedAsAWhole() {
        for (String body : List.of("{}", "[]", "{\"predictionId\": \"x\", \"actual\": \"y\"}")) {
            var e = assertThrows(InvalidInputException.class, () -> feedback.fromJson(model, json(body)), body);
            assertTrue(e.details().containsKey("body"), body);
        }
        var missing = assertThrows(InvalidInputException.class,
                () -> feedback.fromCsv(model, "id,label\nx,y\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("predictionId", "actual"), List.copyOf(missing.details().keySet()));
    }

    @Test
    void atMostAThousandEntriesPerRequest() {
        String id = logged(model);
        StringBuilder csv = new StringBuilder("predictionId,actual\n");
        for (int i = 0; i <= FeedbackService.MAX_ENTRIES; i++) csv.append(id).append(",yes\n");

        assertThrows(LimitExceededException.class, () -> feedback.fromCsv(model, csv.toString().getBytes(StandardCharsets.UTF_8)));
        assertNull(actualOf(id));
    }

    @Test
    void feedbackOnPredictionsOfOnePageIsRecordedAgainWhenTheLogWritesIntoThePageMeanwhile() {
        PredictionTable spied = spy(table);
        double[] probabilities = {0.25, 0.75};
        var schema = PredictionLogTest.schema(PredictionTableTest.row(1, "north"), List.of("no", "yes"));
        try (PredictionLog log = new PredictionLog(table, Clock.systemUTC(), 1.0, 100, Duration.ofHours(1))) {
            var answer = log.answer();
            String a = answer.log(model, 3, schema, PredictionTableTest.row(1, "north").values().toArray(), probabilities, "yes");
            String b = answer.log(model, 3, schema, PredictionTableTest.row(2, "north").values().toArray(), probabilities, "yes");
            answer.commit();
            log.flush();
            AtomicBoolean first = new AtomicBoolean(true);
            doAnswer(call -> {
                if (first.getAndSet(false)) { // between the read and this write, the log writes a third prediction into the page
                    var more = log.answer();
                    more.log(model, 3, schema, PredictionTableTest.row(3, "north").values().toArray(), probabilities, "yes");
                    more.commit();
                    log.flush();
                }
                return call.callRealMethod();
            }).when(spied).recordActuals(any(), any());

            var result = new FeedbackService(spied, () -> List.of(model), 1.0, Clock.systemUTC()).fromJson(model, json(entries(a, "no", b, "yes")));

            assertEquals(PredictionIds.page(a), PredictionIds.page(b));
            assertEquals(2, result.recorded());
            verify(spied, times(2)).recordActuals(any(), any());
            assertEquals("no", actualOf(a));
            assertEquals("yes", actualOf(b));
        }
    }
}
