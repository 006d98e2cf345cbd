package io.tabml.sample;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Writes a synthetic "customer damage incidence" dataset, the same for the same seed: who among
 * insured customers reports vehicle damage in a year. Numeric and categorical columns, a few
 * missing values, and about 10% positives that depend on the features (so a model can learn them).
 *
 * <p>Usage: {@code SampleDataGenerator <out.csv> [rows] [seed] [damage|repair-cost]}: the damage incidence
 * (classes), or the repair costs of {@link #writeRegression} (a number to predict).
 */
public final class SampleDataGenerator {
    private static final String[] REGIONS = {"north", "south", "east", "west", "central"};
    private static final String[] VEHICLES = {"sedan", "suv", "van", "truck", "motorbike"};
    private static final String[] POLICIES = {"basic", "standard", "premium"};

    private SampleDataGenerator() {}

    public static void main(String[] args) throws IOException {
        boolean regression = args.length > 3 && args[3].equals("repair-cost");
        if (args.length < 1 || args.length > 3 && !regression && !args[3].equals("damage")) {
            System.err.println("usage: SampleDataGenerator <out.csv> [rows=5000] [seed=7] [damage|repair-cost]");
            System.exit(2);
        }
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 7;
        Path out = Path.of(args[0]);
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            if (regression) writeRegression(writer, rows, seed);
            else write(writer, rows, seed);
        }
    }

    /** Writes {@code rows} rows with a header; the last column, {@code target}, is {@code yes} or {@code no}. */
    public static void write(Writer out, int rows, long seed) throws IOException {
        Random random = new Random(seed);
        out.write("age,region,vehicle_type,vehicle_age_years,annual_mileage_km,prior_claims,credit_score,policy_type,"
                + "telematics,urban,deductible,target\n");
        for (int i = 0; i < rows; i++) {
            int age = 18 + (int) Math.min(62, Math.abs(random.nextGaussian() * 14 + 26));
            String region = REGIONS[random.nextInt(REGIONS.length)];
            String vehicle = VEHICLES[pick(random, 0.45, 0.25, 0.12, 0.10)];
            int vehicleAge = random.nextInt(20);
            double mileage = Math.max(1000, random.nextGaussian() * 6000 + 14000);
            int priorClaims = (int) Math.min(5, Math.floor(-Math.log(1 - random.nextDouble()) * 0.6));
            double credit = Math.max(300, Math.min(850, random.nextGaussian() * 80 + 680));
            String policy = POLICIES[pick(random, 0.4, 0.4)];
            boolean telematics = random.nextDouble() < 0.3;
            boolean urban = random.nextDouble() < (region.equals("central") ? 0.8 : 0.45);
            int deductible = new int[] {250, 500, 1000}[random.nextInt(3)];

            double logit = -3.6
                    + 0.9 * priorClaims
                    + (age < 25 ? 0.9 : age > 65 ? 0.4 : 0)
                    + 0.00006 * (mileage - 14000)
                    + (vehicle.equals("motorbike") ? 0.8 : vehicle.equals("van") ? 0.3 : 0)
                    + (urban ? 0.5 : 0)
                    - (telematics ? 0.6 : 0)
                    - 0.004 * (credit - 680)
                    + 0.03 * vehicleAge
                    + (deductible == 250 ? 0.25 : 0);
            boolean damage = random.nextDouble() < 1 / (1 + Math.exp(-logit));

            out.write(String.join(",",
                    missing(random, 0.02) ? "" : Integer.toString(age),
                    region,
                    vehicle,
                    Integer.toString(vehicleAge),
                    missing(random, 0.03) ? "" : String.format(Locale.ROOT, "%.0f", mileage),
                    Integer.toString(priorClaims),
                    missing(random, 0.05) ? "NA" : String.format(Locale.ROOT, "%.0f", credit),
                    policy,
                    telematics ? "yes" : "no",
                    Boolean.toString(urban),
                    Integer.toString(deductible),
                    damage ? "yes" : "no"));
            out.write('\n');
        }
    }

    /** The standard deviation of the noise {@link #writeRegression} adds: no model's RMSE can go much below it. */
    public static final double REGRESSION_NOISE = 120;

    /**
     * Writes {@code rows} rows of a synthetic repair cost (in euros) with a header; the last column,
     * {@code target}, is a number. The cost is a known function of the inputs plus Gaussian noise of
     * standard deviation {@value #REGRESSION_NOISE}, so tests can hold a model's RMSE against it:
     * {@code 900 + 35 vehicle_age + 0.02 (mileage - 14000) + 400 sin(age / 9) + 300 [age < 25]
     * + 250 [suv] + 500 [van] - 150 [telematics] + 120 [region north]}, with a little of age, mileage
     * and credit score missing; {@code credit_score} has no effect on the cost.
     */
    public static void writeRegression(Writer out, int rows, long seed) throws IOException {
        Random random = new Random(seed);
        out.write("age,region,vehicle_type,vehicle_age_years,annual_mileage_km,credit_score,telematics,target\n");
        for (int i = 0; i < rows; i++) {
            int age = 18 + (int) Math.min(62, Math.abs(random.nextGaussian() * 14 + 26));
            String region = REGIONS[random.nextInt(REGIONS.length)];
            String vehicle = VEHICLES[pick(random, 0.45, 0.25, 0.12, 0.10)];
            int vehicleAge = random.nextInt(20);
            double mileage = Math.max(1000, random.nextGaussian() * 6000 + 14000);
            double credit = Math.max(300, Math.min(850, random.nextGaussian() * 80 + 680));
            boolean telematics = random.nextDouble() < 0.3;
            double cost = 900 + 35 * vehicleAge + 0.02 * (mileage - 14000) + 400 * Math.sin(age / 9.0) + (age < 25 ? 300 : 0)
                    + (vehicle.equals("suv") ? 250 : vehicle.equals("van") ? 500 : 0) - (telematics ? 150 : 0)
                    + (region.equals("north") ? 120 : 0) + random.nextGaussian() * REGRESSION_NOISE;
            out.write(String.join(",",
                    missing(random, 0.02) ? "" : Integer.toString(age),
                    region,
                    vehicle,
                    Integer.toString(vehicleAge),
                    missing(random, 0.03) ? "" : String.format(Locale.ROOT, "%.0f", mileage),
                    missing(random, 0.05) ? "NA" : String.format(Locale.ROOT, "%.0f", credit),
                    telematics ? "yes" : "no",
                    String.format(Locale.ROOT, "%.2f", cost)));
            out.write('\n');
        }
    }

    private static int pick(Random random, double... leading) {
        double u = random.nextDouble(), cumulative = 0;
        for (int i = 0; i < leading.length; i++) {
            cumulative += leading[i];
            if (u < cumulative) return i;
        }
        return leading.length;
    }

    private static boolean missing(Random random, double rate) {
        return random.nextDouble() < rate;
    }
}
