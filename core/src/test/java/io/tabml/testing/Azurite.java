package io.tabml.testing;

import static org.awaitility.Awaitility.await;

import io.tabml.config.AppConfig;
import io.tabml.monitoring.PredictionTable;
import io.tabml.storage.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * The real Azure Storage emulator for tests: Azurite's blob, queue and table services (one
 * {@code azurite} process from the repo's {@code node_modules}, installed by {@code npm ci}), on free loopback ports with a temporary workspace, stopped and
 * deleted when the test JVM exits. Tests share one instance and keep apart by using their own
 * model names.
 */
public final class Azurite implements AutoCloseable {
    private static Azurite shared;

    private final Process process;
    private final Path workspace;
    private final int blobPort;
    private final int queuePort;
    private final int tablePort;

    private Azurite(Process process, Path workspace, int blobPort, int queuePort, int tablePort) {
        this.process = process;
        this.workspace = workspace;
        this.blobPort = blobPort;
        this.queuePort = queuePort;
        this.tablePort = tablePort;
    }

    /** The JVM-wide instance, started on first use. */
    public static synchronized Azurite shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    public static Azurite start() {
        Path executable = repoRoot().resolve("node_modules/.bin/azurite");
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException(executable + " is missing: run 'npm ci' in the repository root (scripts/test.sh does)");
        }
        try {
            Path workspace = Files.createTempDirectory("azurite-test");
            int blobPort = freePort();
            int queuePort = freePort();
            int tablePort = freePort();
            // --skipApiVersionCheck: the Azure SDKs may speak a newer service version than this Azurite knows
            Process process = new ProcessBuilder(List.of(executable.toString(), "--silent", "--skipApiVersionCheck",
                    "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(blobPort),
                    "--queueHost", "127.0.0.1", "--queuePort", Integer.toString(queuePort),
                    "--tableHost", "127.0.0.1", "--tablePort", Integer.toString(tablePort), "--location", workspace.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(workspace.resolve("azurite.log").toFile())
                    .start();
            Azurite azurite = new Azurite(process, workspace, blobPort, queuePort, tablePort);
            azurite.awaitListening(blobPort, Duration.ofSeconds(30));
            azurite.awaitListening(queuePort, Duration.ofSeconds(30));
            azurite.awaitListening(tablePort, Duration.ofSeconds(30));
            return azurite;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int blobPort() {
        return blobPort;
    }

    public int queuePort() {
        return queuePort;
    }

    public int tablePort() {
        return tablePort;
    }

    /** Blob, queue and table endpoints with Azurite's development account. */
    public String connectionString() {
        return AppConfig.azuriteConnectionString(blobPort, queuePort, tablePort);
    }

    public BlobStore blobStore() {
        return BlobStore.fromConnectionString(connectionString());
    }

    public PredictionTable predictionTable() {
        return PredictionTable.fromConnectionString(connectionString());
    }

    /** The repository root: {@code tabml.root} as Maven passes it, else the nearest folder with package.json. */
    public static Path repoRoot() {
        String configured = System.getProperty("tabml.root");
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("package.json"))) dir = dir.getParent();
        if (dir == null) throw new IllegalStateException("cannot find the repository root (no package.json above " + Path.of("").toAbsolutePath() + ")");
        return dir;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitListening(int port, Duration timeout) {
        try {
            await("Azurite listens on port " + port).atMost(timeout).pollInterval(Duration.ofMillis(100))
                    .failFast("Azurite exited at start; see " + workspace.resolve("azurite.log"), () -> !process.isAlive())
                    .ignoreExceptionsInstanceOf(IOException.class).until(() -> {
                        try (Socket socket = new Socket()) {
                            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                            return true;
                        }
                    });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        try (var paths = Files.walk(workspace)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder is harmless
        }
    }
}
