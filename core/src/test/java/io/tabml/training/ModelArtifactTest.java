package io.tabml.training;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.storage.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.junit.jupiter.api.Test;

class ModelArtifactTest {
    /** Stands for any class an attacker could name: serialisable, but not on the allow-list. */
    static final class Gadget implements Serializable {
        static boolean constructed;
        private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            constructed = true;
        }
    }

    private static byte[] serialized(Object value) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    @Test
    void refusesABlobNamingAClassOutsideTheAllowList() throws IOException {
        byte[] crafted = serialized(new Gadget());
        var e = assertThrows(ModelArtifact.CorruptArtifactException.class, () -> ModelArtifact.deserialize(crafted, Sha256.of(crafted)));
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
        assertTrue(!Gadget.constructed, "the refused class's readObject never ran");
    }

    @Test
    void refusesAJdkCollectionHidingAForeignClass() throws IOException {
        var list = new java.util.ArrayList<Object>();
        list.add(new java.util.concurrent.atomic.AtomicLong(1));
        byte[] crafted = serialized(list);
        assertThrows(ModelArtifact.CorruptArtifactException.class, () -> ModelArtifact.deserialize(crafted, Sha256.of(crafted)));
    }

    @Test
    void refusesBytesThatDoNotMatchTheRecordedSha256() throws IOException {
        byte[] bytes = serialized("anything");
        var e = assertThrows(ModelArtifact.CorruptArtifactException.class, () -> ModelArtifact.deserialize(bytes, Sha256.of("other")));
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
    }

    @Test
    void refusesAnAllowedObjectThatIsNotAPipeline() throws IOException {
        byte[] bytes = serialized("just a string");
        var e = assertThrows(ModelArtifact.CorruptArtifactException.class, () -> ModelArtifact.deserialize(bytes, Sha256.of(bytes)));
        assertTrue(e.getMessage().contains("not a model pipeline"), e.getMessage());
    }

    /**
     * Models of more than two classes hold the learner classes added for them (a forest read by its
     * leaves, an SVM per pair of classes, a temperature): each is on the allow-list with every class
     * it serialises, so it reads back and predicts the same.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Algorithm.class)
    void aThreeClassModelOfEveryAlgorithmSurvivesTheRoundTrip(Algorithm algorithm) {
        StringBuilder csv = new StringBuilder("x,y,colour,target\n");
        java.util.Random random = new java.util.Random(2);
        String[] classes = {"low", "mid", "high"};
        for (int i = 0; i < 240; i++) {
            int c = i % 3;
            csv.append(random.nextGaussian() + c * 2).append(',').append(random.nextGaussian()).append(',')
                    .append(c == 2 && random.nextBoolean() ? "red" : "blue").append(',').append(classes[c]).append('\n');
        }
        var table = io.tabml.data.Table.read(new java.io.ByteArrayInputStream(io.tabml.testing.SampleData.csv(csv.toString())));
        var config = new TrainingConfig(null, null, java.util.List.of(algorithm.id()), null, 3, null, null);
        ModelPipeline pipeline = new Trainer().train(table, config, (s, p) -> {}).pipeline();
        byte[] bytes = ModelArtifact.serialize(pipeline);
        ModelPipeline loaded = (ModelPipeline) ModelArtifact.deserialize(bytes, Sha256.of(bytes));
        RawData data = RawData.of(table, pipeline.schema());
        for (int i = 0; i < 240; i += 13) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(pipeline.probabilities(data.row(i)), loaded.probabilities(data.row(i)), 0.0);
        }
    }
}
