package io.tabml.testing;

import io.tabml.sample.SampleDataGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** CSV bytes for tests: the project's generated sample, or small hand-made files. */
public final class SampleData {
    private SampleData() {}

    public static byte[] damageIncidence(int rows, long seed) {
        try {
            StringWriter out = new StringWriter();
            SampleDataGenerator.write(out, rows, seed);
            return out.toString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The generated repair costs ({@link SampleDataGenerator#writeRegression}): a numeric target. */
    public static byte[] repairCost(int rows, long seed) {
        try {
            StringWriter out = new StringWriter();
            SampleDataGenerator.writeRegression(out, rows, seed);
            return out.toString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] csv(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
