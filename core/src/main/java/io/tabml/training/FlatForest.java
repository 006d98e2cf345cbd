package io.tabml.training;

import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import smile.base.cart.DecisionNode;
import smile.base.cart.InternalNode;
import smile.base.cart.Node;
import smile.base.cart.OrdinalNode;
import smile.classification.DecisionTree;
import smile.classification.RandomForest;
import smile.data.Tuple;
import smile.data.type.StructType;

/**
 * A Smile random forest's trees copied into arrays, for serving: the same splits and leaves, walked
 * over the row's {@code double[]} with no object per node visited. Smile walks its node objects
 * through a {@link Tuple} (an interface call and a field look-up per split), which for a forest of
 * 200 deep trees cost about 44 microseconds a row on this machine, as much as the rest of an
 * answer; the arrays take a few. Probabilities are the mean over the trees of the class
 * frequencies in the leaf the row reaches, in Smile's label order, exactly as {@link Learners}'
 * forest computes them from the nodes.
 *
 * <p>Each split sends a row to its true child when the value is at most the split's threshold, and a
 * missing value (NaN) to its false child, as Smile's {@link OrdinalNode#branch} does. Smile keeps the
 * threshold in a package-private field with no accessor, so it is read once here by a
 * {@link VarHandle}; a Smile release that renames it fails loudly when a model is loaded (and in
 * {@code FlatForestTest}), never silently.
 *
 * <p>Serialisable only so that it can be a component of the {@link Learners} forest record: its
 * arrays are transient and the record rebuilds it from the Smile model when an artifact is read, so
 * artifacts keep the model once and ones written before this class still load.
 */
final class FlatForest implements Serializable {
    private static final VarHandle THRESHOLD;

    static {
        try {
            THRESHOLD = MethodHandles.privateLookupIn(OrdinalNode.class, MethodHandles.lookup())
                    .findVarHandle(OrdinalNode.class, "value", double.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("this Smile's OrdinalNode keeps its split value elsewhere: " + e);
        }
    }

    /** Per tree, per node: the column of x a split reads, or -1 for a leaf. */
    private final transient int[][] column;
    /** Per tree, per node: a split's threshold. */
    private final transient double[][] threshold;
    /** Per tree, per node: a split's true and false child; for a leaf, {@code yes} is where its class shares start in {@link #shares}. */
    private final transient int[][] yes;
    private final transient int[][] no;
    /** Per tree, its leaves' class shares one after another, {@link #labels} of them a leaf. */
    private final transient double[][] shares;
    private final transient int labels;

    private FlatForest(int[][] column, double[][] threshold, int[][] yes, int[][] no, double[][] shares, int labels) {
        this.column = column;
        this.threshold = threshold;
        this.yes = yes;
        this.no = no;
        this.shares = shares;
        this.labels = labels;
    }

    /** The forest's trees as arrays; {@code schema} is the one rows are given in (x0, x1, ...). */
    static FlatForest of(RandomForest model, StructType schema) {
        // the columns a node's feature index names: the predictors Smile's formula makes of a row
        StructType predictors = model.formula().x(Tuple.of(schema, new double[schema.length()])).schema();
        int[] columnOf = new int[predictors.length()];
        for (int j = 0; j < columnOf.length; j++) columnOf[j] = schema.indexOf(predictors.field(j).name());
        DecisionTree[] trees = model.trees();
        int labels = model.classes().length;
        int[][] column = new int[trees.length][], yes = new int[trees.length][], no = new int[trees.length][];
        double[][] threshold = new double[trees.length][], shares = new double[trees.length][];
        for (int t = 0; t < trees.length; t++) {
            var tree = new TreeArrays(labels, columnOf);
            tree.add(trees[t].root());
            column[t] = tree.column.stream().mapToInt(Integer::intValue).toArray();
            threshold[t] = tree.threshold.stream().mapToDouble(Double::doubleValue).toArray();
            yes[t] = tree.yes.stream().mapToInt(Integer::intValue).toArray();
            no[t] = tree.no.stream().mapToInt(Integer::intValue).toArray();
            shares[t] = tree.shares.stream().mapToDouble(Double::doubleValue).toArray();
        }
        return new FlatForest(column, threshold, yes, no, shares, labels);
    }

    /** The mean over the trees of the class shares of the leaf {@code x} reaches, in Smile's label order. */
    double[] posteriori(double[] x) {
        double[] p = new double[labels];
        int trees = column.length;
        for (int t = 0; t < trees; t++) {
            int[] columns = column[t], yesOf = yes[t], noOf = no[t];
            double[] thresholds = threshold[t];
            int node = 0;
            while (columns[node] >= 0) node = x[columns[node]] <= thresholds[node] ? yesOf[node] : noOf[node];
            double[] leafShares = shares[t];
            int from = yesOf[node];
            for (int c = 0; c < labels; c++) p[c] += leafShares[from + c] / trees;
        }
        return p;
    }

    /** One tree's nodes in the order they are added, depth first; a node's index is its position. */
    private static final class TreeArrays {
        private final int labels;
        private final int[] columnOf;
        final List<Integer> column = new ArrayList<>(), yes = new ArrayList<>(), no = new ArrayList<>();
        final List<Double> threshold = new ArrayList<>(), shares = new ArrayList<>();

        TreeArrays(int labels, int[] columnOf) {
            this.labels = labels;
            this.columnOf = columnOf;
        }

        /** Adds the node and everything under it; returns its index. */
        int add(Node node) {
            int index = column.size();
            column.add(-1);
            threshold.add(0.0);
            yes.add(-1);
            no.add(-1);
            switch (node) {
                case OrdinalNode split -> {
                    column.set(index, columnOf[split.feature()]);
                    threshold.set(index, (double) THRESHOLD.get(split));
                    yes.set(index, add(split.trueChild()));
                    no.set(index, add(split.falseChild()));
                }
                case DecisionNode leaf -> {
                    yes.set(index, shares.size());
                    int[] count = leaf.count();
                    double n = 0;
                    for (int c : count) n += c;
                    for (int c = 0; c < labels; c++) shares.add(count[c] / n);
                }
                case InternalNode other -> throw new IllegalStateException("a " + other.getClass().getSimpleName()
                        + " split (a category test) in a forest over encoded numeric columns");
                default -> throw new IllegalStateException("an unexpected node " + node.getClass().getName());
            }
            return index;
        }
    }
}
