package io.tabml.jobs;

import io.tabml.storage.BlobStore;
import io.tabml.storage.Json;
import io.tabml.training.StagingArea;
import io.tabml.training.TrainerMain;
import io.tabml.training.TrainingFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs the trainer in a child JVM on this machine, the default for development. Each run has a
 * folder under {@code <LOCAL_STATE_DIR>/runs/<jobId>/} with the dataset, the trainer's output and
 * its log; the job's backend reference names the process and that folder
 * ({@code local:<pid>:<folder>}). The run's state is read from the folder and the process, so a
 * host that restarts, or another host on this machine, finds finished runs finished, and a run
 * whose process vanished without a result lost (the job runner starts it again).
 */
public final class LocalProcessBackend implements TrainingBackend {
    private final BlobStore blobs;
    private final StagingArea staging;
    private final Path runsDir;
    private final String javaOptions;
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private volatile Consumer<String> runEnded = jobId -> {};

    public LocalProcessBackend(BlobStore blobs, Path localStateDir, String javaOptions) {
        this.blobs = blobs;
        this.staging = new StagingArea(blobs);
        this.runsDir = localStateDir.resolve("runs");
        this.javaOptions = javaOptions;
    }

    @Override
    public String name() {
        return "local";
    }

    /**
     * Who is told, by job id, when a trainer this backend started exits: the trainer's exit is an
     * event this backend has, so the job can be registered at once rather than at the poller's next
     * pass (every 2 s locally, a second of a 1,000-row upload's wait on average).
     */
    public void onRunEnded(Consumer<String> listener) {
        this.runEnded = listener;
    }

    @Override
    public String submit(TrainingJob job) {
        try {
            Path run = runsDir.resolve(job.id());
            Path out = run.resolve("out");
            deleteRecursively(run);
            Files.createDirectories(out);
            Path data = run.resolve("data.csv");
            blobs.downloadToFile(job.dataset().container(), job.dataset().path(), data);
            Path config = run.resolve("config.json");
            Json.writeAtomically(config, job.config());
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of(javaOptions.trim().split("\\s+")));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), TrainerMain.class.getName(),
                    "--data", data.toString(), "--config", config.toString(), "--out", out.toString()));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(run.resolve("trainer.log").toFile())
                    .start();
            processes.put(job.id(), process);
            // on a thread of its own: the listener reads and writes storage, which must not hold up the
            // JDK's process reaper or a shared pool the storage clients' own work may be waiting for
            process.onExit().thenRunAsync(() -> runEnded.accept(job.id()), task -> Thread.ofVirtual().name("run-ended-" + job.id()).start(task));
            return "local:" + process.pid() + ":" + run;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the local trainer for job " + job.id(), e);
        }
    }

    @Override
    public RunStatus poll(TrainingJob job) {
        Path run = runFolder(job);
        var out = new StagingArea.RunFolder(run.resolve("out"));
        if (isAlive(job)) {
            return out.progress().map(p -> RunStatus.running(p.stage(), p.percent())).orElse(RunStatus.running("starting", 0));
        }
        processes.remove(job.id());
        Optional<TrainingFailure> failure = out.failure();
        if (failure.isPresent()) return RunStatus.of(failure.get());
        if (out.hasResult()) {
            staging.stageResult(job.id(), out);
            return RunStatus.completed();
        }
        return RunStatus.lost("the local trainer process ended without a result (see " + run.resolve("trainer.log") + ")");
    }

    @Override
    public void cancel(TrainingJob job) {
        Process process = processes.remove(job.id());
        if (process != null) process.destroyForcibly();
        else pid(job).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
    }

    private boolean isAlive(TrainingJob job) {
        Process process = processes.get(job.id());
        if (process != null) return process.isAlive();
        // after a restart, or on another host of this machine, only the pid is known: make sure it is still
        // this job's trainer, not a process that reused the pid. The trainer started before the job was
        // marked running; a process that reused its pid started after the trainer ended, so after that.
        // (Its command line would name the job too, but the JDK may read a long one cut short.)
        return pid(job).flatMap(ProcessHandle::of)
                .filter(h -> startedByThisRun(h, job))
                .map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean startedByThisRun(ProcessHandle process, TrainingJob job) {
        if (job.startedAt() == null) return true;
        // a second of slack: the process start is read in clock ticks, the job's time from another clock read
        return process.info().startInstant().map(start -> !start.isAfter(job.startedAt().plusSeconds(1))).orElse(true);
    }

    private static Optional<Long> pid(TrainingJob job) {
        String ref = job.backendRef();
        if (ref == null || !ref.startsWith("local:")) return Optional.empty();
        return Optional.of(Long.parseLong(ref.split(":", 3)[1]));
    }

    private Path runFolder(TrainingJob job) {
        String ref = job.backendRef();
        return ref != null && ref.startsWith("local:") ? Path.of(ref.split(":", 3)[2]) : runsDir.resolve(job.id());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
