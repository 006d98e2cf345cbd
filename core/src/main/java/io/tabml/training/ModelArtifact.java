package io.tabml.training;

import io.tabml.ingest.FeatureSchema;
import io.tabml.ingest.FeatureType;
import io.tabml.ingest.InputSchema;
import io.tabml.storage.Sha256;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Set;

/**
 * The bytes of {@code model.bin}: a Java-serialised {@link Pipeline} (a classifier's or a regressor's). Reading goes through an
 * {@link ObjectInputFilter} that admits only this project's model classes, Smile's, and the JDK's
 * plain value and collection types, with limits on depth, references and size; a blob that names
 * any other class is refused before that class is loaded.
 */
public final class ModelArtifact {
    private static final long MAX_BYTES = 512L * 1024 * 1024;
    /** Smile's models and their parts. */
    private static final List<String> ALLOWED_PACKAGES = List.of("smile.");
    /** This project's classes that make up a pipeline, by name: nothing else of ours is admitted. */
    private static final Set<String> ALLOWED_OWN_CLASSES = Set.of(
            ModelPipeline.class.getName(), FeatureEncoder.class.getName(), InputSchema.class.getName(),
            Learners.Logistic.class.getName(), Learners.TreeModel.class.getName(), Learners.Svm.class.getName(),
            Learners.Forest.class.getName(), FlatForest.class.getName(), FlatSvm.class.getName(), Learners.SvmOneVsOne.class.getName(),
            Learners.FlatPair.class.getName(), Learners.Tempered.class.getName(),
            InputSchema.DroppedColumn.class.getName(), FeatureSchema.class.getName(),
            FeatureSchema.CategoryCount.class.getName(), FeatureType.class.getName(),
            RegressionPipeline.class.getName(), TargetTransform.class.getName(), RegressionLearners.Linear.class.getName(),
            RegressionLearners.Forest.class.getName(), RegressionLearners.Boosted.class.getName());
    /** JDK value and collection classes a model's fields use (Object and Map appear as array element types). */
    private static final Set<String> ALLOWED_JDK_CLASSES = Set.of(
            "java.lang.Object", "java.lang.Number", "java.lang.Double", "java.lang.Integer", "java.lang.Long", "java.lang.Boolean",
            "java.lang.String", "java.lang.Enum", "java.lang.Record",
            "java.util.ArrayList", "java.util.Map", "java.util.HashMap", "java.util.Map$Entry", "java.util.LinkedHashMap", "java.util.TreeMap",
            "java.util.CollSer", "java.util.ImmutableCollections$ListN", "java.util.ImmutableCollections$List12",
            "java.util.ImmutableCollections$MapN", "java.util.ImmutableCollections$Map1",
            "java.util.Collections$UnmodifiableList", "java.util.Collections$UnmodifiableRandomAccessList",
            "java.util.Collections$UnmodifiableCollection", "java.util.Collections$EmptyList", "java.util.Arrays$ArrayList");

    private ModelArtifact() {}

    public static byte[] serialize(Pipeline pipeline) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(pipeline);
        } catch (IOException e) {
            throw new IllegalStateException("model could not be serialised", e);
        }
        return bytes.toByteArray();
    }

    /** Reads a classifier's or a regressor's pipeline after checking that the bytes have the expected sha256. */
    public static Pipeline deserialize(byte[] bytes, String expectedSha256) {
        String actual = Sha256.of(bytes);
        if (!actual.equals(expectedSha256)) {
            throw new CorruptArtifactException("model artifact sha256 is " + actual + " but its metadata says " + expectedSha256);
        }
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(ModelArtifact::check);
            Object value = in.readObject();
            if (!(value instanceof Pipeline pipeline)) {
                throw new CorruptArtifactException("model artifact holds a " + value.getClass().getName() + ", not a model pipeline");
            }
            if (pipeline.formatVersion() != pipeline.expectedFormatVersion()) {
                throw new CorruptArtifactException("model artifact format " + pipeline.formatVersion()
                        + " is not readable by this version (expects " + pipeline.expectedFormatVersion() + ")");
            }
            return pipeline;
        } catch (InvalidClassException e) {
            throw new CorruptArtifactException("model artifact refused: " + e.getMessage(), e);
        } catch (IOException | ClassNotFoundException e) {
            throw new CorruptArtifactException("model artifact is unreadable: " + e.getMessage(), e);
        }
    }

    static ObjectInputFilter.Status check(ObjectInputFilter.FilterInfo info) {
        if (info.depth() > 100 || info.references() > 50_000_000 || info.streamBytes() > MAX_BYTES
                || info.arrayLength() > 200_000_000) {
            return ObjectInputFilter.Status.REJECTED;
        }
        Class<?> type = info.serialClass();
        if (type == null) return ObjectInputFilter.Status.UNDECIDED;
        while (type.isArray()) type = type.getComponentType();
        if (type.isPrimitive()) return ObjectInputFilter.Status.ALLOWED;
        String name = type.getName();
        boolean allowed = ALLOWED_JDK_CLASSES.contains(name) || ALLOWED_OWN_CLASSES.contains(name) || ALLOWED_PACKAGES.stream().anyMatch(name::startsWith);
        return allowed ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
    }

    /** A model artifact that fails its checksum, names a class outside the allow-list, or is otherwise unusable. */
    public static class CorruptArtifactException extends RuntimeException {
        public CorruptArtifactException(String message) {
            super(message);
        }

        public CorruptArtifactException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
