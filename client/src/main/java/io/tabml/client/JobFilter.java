package io.tabml.client;

/** Which jobs {@link TabmlClient#jobs(JobFilter)} lists: of a model, in a state; null for any. */
public record JobFilter(String model, JobState state) {
    public static final JobFilter ALL = new JobFilter(null, null);
}
