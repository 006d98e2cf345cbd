package io.tabml.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Stratified, seeded partitions of row indices, selection of rows by index, and counts of rows per class. */
final class Splits {
    private Splits() {}

    /**
     * {train, holdout}: the holdout takes {@code fraction} of every class (at least one row, but never
     * a class's only row, which stays in training), reproducibly.
     */
    static int[][] stratifiedHoldout(int[] y, int classes, double fraction, long seed) {
        Random random = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> holdout = new ArrayList<>();
        for (List<Integer> members : byClass(y, classes)) {
            Collections.shuffle(members, random);
            int held = members.size() < 2 ? 0 : Math.max(1, (int) Math.round(members.size() * fraction));
            holdout.addAll(members.subList(0, held));
            train.addAll(members.subList(held, members.size()));
        }
        return new int[][] {sorted(train), sorted(holdout)};
    }

    /** k folds, each class dealt round-robin after a seeded shuffle; fold f is the rows whose fold is f. */
    static int[][] stratifiedFolds(int[] y, int classes, int k, long seed) {
        Random random = new Random(seed);
        List<List<Integer>> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) folds.add(new ArrayList<>());
        int next = 0;
        for (List<Integer> members : byClass(y, classes)) {
            Collections.shuffle(members, random);
            for (int i : members) folds.get(next++ % k).add(i);
        }
        int[][] result = new int[k][];
        for (int f = 0; f < k; f++) result[f] = sorted(folds.get(f));
        return result;
    }

    /** All indices 0..n-1 not in the (sorted) excluded set. */
    static int[] complement(int n, int[] excludedSorted) {
        int[] result = new int[n - excludedSorted.length];
        int e = 0, r = 0;
        for (int i = 0; i < n; i++) {
            if (e < excludedSorted.length && excludedSorted[e] == i) e++;
            else result[r++] = i;
        }
        return result;
    }

    /** The rows of a sorted array that are not in a sorted subset of it, in order: with rows 0..n-1, {@link #complement(int, int[])}. */
    static int[] complement(int[] rowsSorted, int[] excludedSorted) {
        int[] result = new int[rowsSorted.length - excludedSorted.length];
        int e = 0, r = 0;
        for (int i : rowsSorted) {
            if (e < excludedSorted.length && excludedSorted[e] == i) e++;
            else result[r++] = i;
        }
        return result;
    }

    /** Rows a stratified sample keeps of a class at least, or the whole class when it is smaller. */
    static final int MIN_SAMPLED_PER_CLASS = 50;

    /**
     * A stratified sample of about {@code max} of the given rows (sorted), reproducibly: each class in
     * proportion to its size ({@link #quotas}), except that a class keeps at least
     * {@link #MIN_SAMPLED_PER_CLASS} rows, all of them when it has fewer. So a rare class is never cut
     * to a row or two (which would leave cross-validation folds without it), at the cost of being
     * over-represented when it is under {@code MIN_SAMPLED_PER_CLASS / max} of the rows. More than
     * {@code max} rows only when the classes' floors alone exceed it.
     */
    static int[] stratifiedSample(int[] rows, int[] y, int classes, int max, long seed) {
        if (rows.length <= max) return rows;
        int[] labels = select(y, rows);
        int[] quota = quotas(classCounts(labels, classes), max);
        Random random = new Random(seed);
        List<Integer> kept = new ArrayList<>();
        List<List<Integer>> members = byClass(labels, classes);
        for (int c = 0; c < classes; c++) {
            Collections.shuffle(members.get(c), random);
            kept.addAll(members.get(c).subList(0, quota[c]));
        }
        return select(rows, sorted(kept));
    }

    /**
     * Per class: its share of {@code max} in proportion to its size, or its floor (all its rows, or
     * {@link #MIN_SAMPLED_PER_CLASS} of them) when the share would be less; the classes above their
     * floors share what the floors leave, so their proportions stay as they are.
     */
    static int[] quotas(int[] counts, int max) {
        int classes = counts.length;
        boolean[] floored = new boolean[classes];
        double fraction = 0;
        for (int round = 0; round <= classes; round++) {
            long fixed = 0, rest = 0;
            for (int c = 0; c < classes; c++) {
                if (floored[c]) fixed += floor(counts[c]);
                else rest += counts[c];
            }
            fraction = rest == 0 ? 0 : Math.max(0, max - fixed) / (double) rest;
            boolean changed = false;
            for (int c = 0; c < classes; c++) {
                if (!floored[c] && counts[c] * fraction < floor(counts[c])) {
                    floored[c] = true;
                    changed = true;
                }
            }
            if (!changed) break;
        }
        int[] quota = new int[classes];
        for (int c = 0; c < classes; c++) {
            quota[c] = floored[c] ? floor(counts[c]) : (int) Math.min(counts[c], Math.floor(counts[c] * fraction));
        }
        return quota;
    }

    private static int floor(int count) {
        return Math.min(count, MIN_SAMPLED_PER_CLASS);
    }

    /** How many of the labels are of each class 0..classes-1. */
    static int[] classCounts(int[] y, int classes) {
        int[] counts = new int[classes];
        for (int label : y) counts[label]++;
        return counts;
    }

    static double[][] select(double[][] x, int[] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) out[i] = x[rows[i]];
        return out;
    }

    static int[] select(int[] values, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = values[rows[i]];
        return out;
    }

    private static List<List<Integer>> byClass(int[] y, int classes) {
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < classes; c++) members.add(new ArrayList<>());
        for (int i = 0; i < y.length; i++) members.get(y[i]).add(i);
        return members;
    }

    private static int[] sorted(List<Integer> rows) {
        return rows.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
