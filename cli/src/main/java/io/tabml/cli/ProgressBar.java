package io.tabml.cli;

import io.tabml.client.Job;
import java.io.PrintStream;
import java.util.Objects;

/**
 * A job's progress on standard error: for a person, one line redrawn in place
 * ({@code [#########-----------]  45%  Running: selecting}); when the output goes to a file or a
 * pipe, a line each time the state or stage changes, so logs stay readable.
 */
final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean interactive;
    private String lastLine;
    private String lastStage;

    ProgressBar(PrintStream err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    void update(Job job) {
        int percent = Math.clamp(job.progress(), 0, 100);
        String status = job.state() + (job.stage() == null || job.stage().equalsIgnoreCase(job.state().name()) ? "" : ": " + job.stage());
        if (interactive) {
            int filled = percent * WIDTH / 100;
            String line = "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + String.format("%3d%%", percent) + "  " + status;
            // pad over the previous line, which may have been longer
            err.print("\r" + line + " ".repeat(Math.max(0, lastLine == null ? 0 : lastLine.length() - line.length())));
            err.flush();
            lastLine = line;
        } else if (!Objects.equals(status, lastStage)) {
            err.println(String.format("%3d%%  %s", percent, status));
            lastStage = status;
        }
    }

    /** Ends the redrawn line so what follows starts on its own. */
    void finish() {
        if (interactive && lastLine != null) err.println();
    }
}
