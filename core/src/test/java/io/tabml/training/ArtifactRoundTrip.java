package io.tabml.training;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/** A part of a model written and read as a model artifact's parts are: Java serialisation, through the artifact's class filter. */
final class ArtifactRoundTrip {
    private ArtifactRoundTrip() {}

    @SuppressWarnings("unchecked")
    static <T> T of(T part) throws IOException, ClassNotFoundException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(part);
        }
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            in.setObjectInputFilter(ModelArtifact::check);
            return (T) in.readObject();
        }
    }
}
