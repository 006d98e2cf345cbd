package io.tabml.testing;

import static org.awaitility.Awaitility.await;

import io.tabml.config.AppConfig;
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
 * The real Azure Storage emulator for tests: Azurite's blob service from the repo's
 * {@code node_modules} (installed by {@code npm ci}), on a free loopback port with a temporary
 * workspace, stopped and deleted when the test JVM exits. Tests share one instance and keep
 * apart by using their own model names.
 */
public final class Azurite implements AutoCloseable {
    private static Azurite shared;

    private final Process process;
    private final Path workspace;
    private final int blobPort;

    private Azurite(Process process, Path workspace, int blobPort) {
        this.process = process;
        this.workspace = workspace;
        this.blobPort = blobPort;
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
        Path executable = repoRoot().resolve("node_modules/.bin/azurite-blob");
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException(executable + " is missing: run 'npm ci' in the repository root (scripts/test.sh does)");
        }
        try {
            Path workspace = Files.createTempDirectory("azurite-test");
            int port = freePort();
            Process process = new ProcessBuilder(List.of(executable.toString(), "--silent", "--skipApiVersionCheck",
                    "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port), "--location", workspace.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(workspace.resolve("azurite.log").toFile())
                    .start();
            Azurite azurite = new Azurite(process, workspace, port);
            azurite.awaitListening(Duration.ofSeconds(30));
            return azurite;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int blobPort() {
        return blobPort;
    }

    public String connectionString() {
        return AppConfig.azuriteConnectionString(blobPort);
    }

    public BlobStore blobStore() {
        return BlobStore.fromConnectionString(connectionString());
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

    private void awaitListening(Duration timeout) {
        try {
            await("Azurite listens on port " + blobPort).atMost(timeout).pollInterval(Duration.ofMillis(100))
                    .failFast("Azurite exited at start; see " + workspace.resolve("azurite.log"), () -> !process.isAlive())
                    .ignoreExceptionsInstanceOf(IOException.class).until(() -> {
                        try (Socket socket = new Socket()) {
                            socket.connect(new InetSocketAddress("127.0.0.1", blobPort), 200);
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
