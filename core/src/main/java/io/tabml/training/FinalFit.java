package io.tabml.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * How many training rows the served model was fitted on, and why not more. Every training row,
 * unless one of two caps says fewer (then a stratified sample of that size):
 * <ul>
 *   <li>time: a tree ensemble fits on at most {@link Trainer#MAX_TREE_ROWS} rows, an SVM on
 *       {@link ModelSelection#MAX_SVM_ROWS} (their fits grow past minutes, or with the square of the rows);
 *   <li>memory: the rows whose encoded copies fit the memory budget: {@link #HEAP_SHARE} of the
 *       heap that the data the trainer holds (the table and its typed features) leaves, unless the
 *       trainer is given a budget ({@code --fit-memory-mb}). A row costs what {@link #bytesPerRow}
 *       estimates; the rest of the heap is for the evaluation and the learner's own work.
 * </ul>
 *
 * @param rows          the rows the served model was fitted on
 * @param trainingRows  the training rows there were
 * @param memoryBudgetMb the budget the fit had
 * @param bytesPerRow   what one row was estimated to cost the fit
 * @param limit         which cap put {@code rows} below {@code trainingRows}; null when none did
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FinalFit(int rows, int trainingRows, long memoryBudgetMb, long bytesPerRow, Limit limit) {
    /** A cap on the final fit's rows, written in the report as {@code time} or {@code memory}. */
    public enum Limit {
        @JsonProperty("time") TIME,
        @JsonProperty("memory") MEMORY
    }

    /** The share of the heap left by the trainer's data that the final fit may take by default. */
    static final double HEAP_SHARE = 0.4;
    private static final long MB = 1024 * 1024;

    /** The default budget: {@link #HEAP_SHARE} of what this JVM's heap leaves beside {@code heldBytes}. */
    static long defaultBudgetBytes(long heldBytes) {
        return (long) (HEAP_SHARE * Math.max(0, Runtime.getRuntime().maxMemory() - heldBytes));
    }

    /**
     * The rows a fit may take.
     *
     * @param timeCap the learner's cap on rows for time, or {@link Integer#MAX_VALUE}
     * @param resampled whether rebalancing copies the rows (random oversampling or SMOTE)
     */
    static FinalFit plan(int trainingRows, int timeCap, boolean tree, boolean resampled, int width, long budgetBytes) {
        long perRow = bytesPerRow(tree, resampled, width);
        long memoryCap = Math.max(1, budgetBytes / perRow);
        int rows = (int) Math.min(trainingRows, Math.min(timeCap, memoryCap));
        Limit limit = rows == trainingRows ? null : rows == timeCap ? Limit.TIME : Limit.MEMORY;
        return new FinalFit(rows, trainingRows, budgetBytes / MB, perRow, limit);
    }

    /**
     * What one row of {@code width} encoded columns costs a fit: its encoded array (a 16-byte header,
     * a reference, 8 bytes a column) and its label; a tree ensemble also copies it into Smile's
     * columns (8 bytes a column), orders each column (4 bytes) and keeps per-row responses and sample
     * counts (about 64 bytes); rebalancing may add as many rows again.
     */
    static long bytesPerRow(boolean tree, boolean resampled, int width) {
        long row = 16 + 8 + 8L * width + 4;
        if (tree) row += 12L * width + 64;
        return resampled ? 2 * row : row;
    }

    /** The note for the report when the fit took fewer rows than there were; null when it took them all. */
    String note(String algorithm) {
        if (limit == null) return null;
        return limit == Limit.TIME
                ? String.format(Locale.ROOT, "the final %s was fitted on a stratified sample of %,d of %,d training rows (its fit grows slowly past that)",
                        algorithm, rows, trainingRows)
                : String.format(Locale.ROOT, "the final %s was fitted on a stratified sample of %,d of %,d training rows: the fit's memory budget "
                        + "(%,d MB) holds about that many rows of %,d bytes", algorithm, rows, trainingRows, memoryBudgetMb, bytesPerRow);
    }
}
