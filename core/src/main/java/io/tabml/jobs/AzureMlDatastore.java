package io.tabml.jobs;

import io.tabml.ingest.DatasetLayout;
import io.tabml.training.StagingArea;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The Azure ML datastores over the app storage's containers that training jobs read and write.
 * Azure ML jobs take data as datastore URIs ({@code azureml://datastores/<name>/paths/<path>}), and
 * a job's outputs must be on a datastore (docs/deploy.md cites the documentation).
 * {@code infra/bicep/app/ml.bicep} declares each of these identity-based (no stored credentials),
 * so the job's managed identity, not a key, reaches the blobs; CloudPathConfigTest checks that
 * the Bicep declares every one with its container.
 */
public enum AzureMlDatastore {
    /** Uploaded datasets: the data input. */
    DATASETS("tabml_datasets", DatasetLayout.CONTAINER),
    /** The job's config input and its output folder. */
    STAGING("tabml_staging", StagingArea.CONTAINER),
    /** The trainer jar the deployment publishes: the trainer input. */
    TRAINER("tabml_trainer", "trainer");

    private static final String SCHEME = "azureml://datastores/";

    private final String datastoreName;
    private final String container;

    AzureMlDatastore(String datastoreName, String container) {
        this.datastoreName = datastoreName;
        this.container = container;
    }

    public String datastoreName() {
        return datastoreName;
    }

    public String container() {
        return container;
    }

    /** The datastore over a container; an IllegalArgumentException when none is declared for it. */
    public static AzureMlDatastore of(String container) {
        return Arrays.stream(values()).filter(d -> d.container.equals(container)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Azure ML datastore is declared for the container '"
                        + container + "' (see AzureMlDatastore and infra/bicep/app/ml.bicep)"));
    }

    /**
     * The datastore URI of a blob (or, ending with {@code /}, of a folder) in this container. Each
     * path segment is percent-encoded (RFC 3986), so that a blob name with a space or a '#' stays one
     * path; names of letters, digits and {@code . _ -} are unchanged.
     */
    public String uri(String path) {
        String encoded = Arrays.stream(path.split("/", -1))
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
        return SCHEME + datastoreName + "/paths/" + encoded;
    }

    /** True for a URI of the short datastore form this class builds. */
    public static boolean isDatastoreUri(String uri) {
        return uri.startsWith(SCHEME) && uri.indexOf("/paths/") > SCHEME.length();
    }
}
