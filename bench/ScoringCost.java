import io.tabml.data.Table;
import io.tabml.sample.SampleDataGenerator;
import io.tabml.training.ModelPipeline;
import io.tabml.training.RawData;
import io.tabml.training.Trainer;
import io.tabml.training.TrainingConfig;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What scoring one row costs each learner, apart from HTTP: trains the generated sample (5,000 rows),
 * or the CSV named by DATA (its target column {@code target}), with one algorithm at a time and scores its rows through the pipeline as /predict does, printing the
 * thread's CPU time and allocation per row (three rounds of 50,000 rows; the first warms the JIT).
 * Run by bench/scoring-cost.sh.
 */
public class ScoringCost {
    public static void main(String[] args) throws Exception {
        Table table;
        String data = System.getenv("DATA");
        if (data == null || data.isEmpty()) {
            StringWriter csv = new StringWriter();
            SampleDataGenerator.write(csv, 5000, 7);
            table = Table.read(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)));
        } else {
            try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(data))) {
                table = Table.read(in);
            }
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (String algorithm : args) {
            var config = new TrainingConfig(null, null, List.of(algorithm), null, 3, null, null);
            ModelPipeline pipeline = new Trainer().train(table, config, (stage, percent) -> {}).pipeline();
            RawData rows = RawData.of(table, pipeline.schema());
            double sink = 0;
            for (int round = 1; round <= 3; round++) {
                long cpu = threads.getCurrentThreadCpuTime(), bytes = threads.getCurrentThreadAllocatedBytes();
                int n = 50_000;
                for (int i = 0; i < n; i++) sink += pipeline.probabilities(rows.row(i % table.rowCount()))[0];
                System.out.printf("%-20s round %d: %7.2f us a row, %6.0f bytes a row%n", algorithm, round,
                        (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / n, (double) (threads.getCurrentThreadAllocatedBytes() - bytes) / n);
            }
            if (Double.isNaN(sink)) System.out.println("(no probabilities)");
        }
    }
}
