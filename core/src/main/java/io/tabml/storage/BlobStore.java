package io.tabml.storage;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.sas.SasProtocol;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The handful of blob operations the system needs, with conditional writes (ETags) where two
 * instances could race. Containers are created on first use.
 */
public final class BlobStore {
    /**
     * azure-core's JDK transport warns on every request that the JDK sets Content-Length itself
     * (it does, correctly); allowing the header instead needs a JVM-wide property that only works
     * before any HttpClient exists. Held here so the level sticks (JUL keeps loggers weakly).
     */
    private static final Logger JDK_TRANSPORT_LOG = Logger.getLogger("com.azure.core.http.jdk.httpclient");

    static {
        JDK_TRANSPORT_LOG.setLevel(Level.SEVERE);
    }

    /** The size of each ranged read and staged block of a streamed blob. */
    static final int STREAM_BLOCK_BYTES = 4 << 20;
    static final int STREAM_CONCURRENCY = 2;

    private final BlobServiceClient service;
    /** Storage reached with the account key (a connection string: Azurite locally) rather than an Entra identity. */
    private final boolean sharedKey;
    private final Set<String> knownContainers = ConcurrentHashMap.newKeySet();

    private BlobStore(BlobServiceClient service, boolean sharedKey) {
        this.service = service;
        this.sharedKey = sharedKey;
    }

    /** Storage as the settings describe it: a connection string locally, the managed identity in Azure. */
    public static BlobStore from(io.tabml.config.AppConfig config) {
        var connection = config.storageConnectionString();
        if (connection.isPresent()) return fromConnectionString(connection.get());
        String endpoint = config.storageBlobServiceUri().orElseThrow(() -> new IllegalStateException(
                "storage is not configured: set AzureWebJobsStorage (a connection string; locally UseDevelopmentStorage=true) "
                        + "or AzureWebJobsStorage__blobServiceUri (with a managed identity)"));
        var credential = new com.azure.identity.DefaultAzureCredentialBuilder();
        config.managedIdentityClientId().ifPresent(credential::managedIdentityClientId);
        return new BlobStore(new BlobServiceClientBuilder().endpoint(endpoint).credential(credential.build())
                .httpClient(new JdkHttpClientBuilder().build()).buildClient(), false);
    }

    public static BlobStore fromConnectionString(String connectionString) {
        return new BlobStore(new BlobServiceClientBuilder()
                .connectionString(connectionString)
                .httpClient(new JdkHttpClientBuilder().build())
                .buildClient(), true);
    }

    /** The blob's URL, for lineage and for handing a dataset to a training backend. */
    public String url(String container, String path) {
        return service.getBlobContainerClient(container).getBlobClient(path).getBlobUrl(); // no request: nothing is created
    }

    public Optional<StoredBlob> properties(String container, String path) {
        try {
            var p = blob(container, path).getProperties();
            return Optional.of(new StoredBlob(path, p.getETag(), p.getBlobSize(), p.getLastModified(), p.getMetadata()));
        } catch (BlobStorageException e) {
            if (isNotFound(e)) return Optional.empty();
            throw e;
        }
    }

    public Optional<Versioned<byte[]>> read(String container, String path) {
        try {
            var response = blob(container, path).downloadContentWithResponse(null, null, null, null);
            return Optional.of(new Versioned<>(response.getValue().toBytes(), response.getDeserializedHeaders().getETag()));
        } catch (BlobStorageException e) {
            if (isNotFound(e)) return Optional.empty();
            throw e;
        }
    }

    public <T> Optional<Versioned<T>> readJson(String container, String path, Class<T> type) {
        return read(container, path).map(v -> new Versioned<>(Json.read(v.value(), type), v.etag()));
    }

    /** Writes unconditionally; returns the new ETag. */
    public String write(String container, String path, byte[] data) {
        return upload(container, path, data, new BlobRequestConditions(), Map.of());
    }

    /** Creates the blob only if it does not exist yet; false if another writer got there first. */
    public boolean createIfAbsent(String container, String path, byte[] data) {
        return createIfAbsent(container, path, data, Map.of());
    }

    public boolean createIfAbsent(String container, String path, byte[] data, Map<String, String> metadata) {
        return create(container, path, data, metadata).isPresent();
    }

    /** Creates the blob only if it does not exist yet: its ETag, for a later conditional write; empty if another writer got there first. */
    public Optional<String> create(String container, String path, byte[] data, Map<String, String> metadata) {
        try {
            return Optional.of(upload(container, path, data, new BlobRequestConditions().setIfNoneMatch("*"), metadata));
        } catch (BlobStorageException e) {
            if (isConflict(e)) return Optional.empty();
            throw e;
        }
    }

    /** Replaces the blob only if it still has the given ETag. */
    public String replaceIfMatch(String container, String path, byte[] data, String etag) {
        try {
            return upload(container, path, data, new BlobRequestConditions().setIfMatch(etag), Map.of());
        } catch (BlobStorageException e) {
            if (isConflict(e)) throw new ConcurrentUpdateException(container + "/" + path, e);
            throw e;
        }
    }

    /**
     * Reads the blob as a stream, in ranged requests of {@link #STREAM_BLOCK_BYTES}, pinned to the
     * ETag given: if the blob is replaced meanwhile, reading fails rather than mixing two versions.
     * Empty when the blob does not exist or no longer has that ETag.
     */
    public Optional<InputStream> openRead(String container, String path, String etag) {
        try {
            return Optional.of(blob(container, path).openInputStream(new BlobInputStreamOptions().setBlockSize(STREAM_BLOCK_BYTES)
                    .setRequestConditions(new BlobRequestConditions().setIfMatch(etag))));
        } catch (BlobStorageException e) {
            if (isNotFound(e) || isConflict(e)) return Optional.empty();
            throw e;
        }
    }

    /**
     * Writes the blob as a stream of staged blocks, committed (replacing the blob) on {@code close()}.
     * By default the SDK's buffered upload may hold up to its single-upload size (256 MiB) before it
     * sends anything ({@code ParallelTransferOptions.setMaxSingleUploadSizeLong}); a limit of one
     * block keeps at most {@code STREAM_BLOCK_BYTES x (STREAM_CONCURRENCY + 1)} in memory.
     */
    public OutputStream openWrite(String container, String path, String contentType) {
        var transfer = new ParallelTransferOptions().setBlockSizeLong((long) STREAM_BLOCK_BYTES)
                .setMaxSingleUploadSizeLong((long) STREAM_BLOCK_BYTES).setMaxConcurrency(STREAM_CONCURRENCY);
        return container(container).getBlobClient(path).getBlockBlobClient()
                .getBlobOutputStream(transfer, new BlobHttpHeaders().setContentType(contentType), null, null, null);
    }

    public void uploadFile(String container, String path, Path file) {
        container(container).getBlobClient(path).uploadFromFile(file.toString(), true);
    }

    public void downloadToFile(String container, String path, Path file) {
        blob(container, path).downloadToFile(file.toString(), true);
    }

    public boolean delete(String container, String path) {
        return blob(container, path).deleteIfExists();
    }

    /**
     * A URL that lets whoever holds it create or overwrite this one blob, and nothing else, until
     * {@code expiry}. With an Entra identity (Azure) it is a user delegation SAS, signed with a key
     * the identity requests (its role must include the {@code generateUserDelegationKey} action),
     * HTTPS only; with the account key (Azurite) a service SAS.
     */
    public String uploadUrl(String container, String path, OffsetDateTime expiry) {
        BlobClient blob = container(container).getBlobClient(path);
        var values = new BlobServiceSasSignatureValues(expiry, new BlobSasPermission().setCreatePermission(true).setWritePermission(true));
        if (sharedKey) return blob.getBlobUrl() + "?" + blob.generateSas(values);
        values.setProtocol(SasProtocol.HTTPS_ONLY);
        var key = service.getUserDelegationKey(OffsetDateTime.now().minusMinutes(5), expiry); // a little earlier: clocks differ
        return blob.getBlobUrl() + "?" + blob.generateUserDelegationSas(values, key);
    }

    /** Blobs under a prefix, flat. */
    public List<StoredBlob> list(String container, String prefix) {
        List<StoredBlob> result = new ArrayList<>();
        var options = new ListBlobsOptions().setPrefix(prefix);
        options.getDetails().setRetrieveMetadata(true);
        for (BlobItem item : container(container).listBlobs(options, null)) {
            var p = item.getProperties();
            result.add(new StoredBlob(item.getName(), p.getETag(), p.getContentLength(), p.getLastModified(),
                    item.getMetadata() == null ? Map.of() : item.getMetadata()));
        }
        return result;
    }

    /** The "folders" directly under a prefix that ends with '/', without the prefix or trailing '/'. */
    public List<String> listFolders(String container, String prefix) {
        List<String> result = new ArrayList<>();
        for (BlobItem item : container(container).listBlobsByHierarchy("/", new ListBlobsOptions().setPrefix(prefix), null)) {
            if (Boolean.TRUE.equals(item.isPrefix())) {
                String name = item.getName().substring(prefix.length());
                result.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
            }
        }
        return result;
    }

    /** A cheap round trip that proves storage answers. */
    public void ping() {
        service.getProperties();
    }

    private String upload(String container, String path, byte[] data, BlobRequestConditions conditions,
                          Map<String, String> metadata) {
        var options = new BlobParallelUploadOptions(BinaryData.fromBytes(data))
                .setRequestConditions(conditions)
                .setMetadata(metadata.isEmpty() ? null : metadata);
        return container(container).getBlobClient(path).uploadWithResponse(options, null, null).getValue().getETag();
    }

    private BlobClient blob(String container, String path) {
        return container(container).getBlobClient(path);
    }

    private BlobContainerClient container(String name) {
        BlobContainerClient client = service.getBlobContainerClient(name);
        if (!knownContainers.contains(name)) {
            // known only once created: a second thread that raced here creates it too (harmless) rather than write before it exists
            client.createIfNotExists();
            knownContainers.add(name);
        }
        return client;
    }

    private static boolean isNotFound(BlobStorageException e) {
        return e.getStatusCode() == 404;
    }

    private static boolean isConflict(BlobStorageException e) {
        return e.getStatusCode() == 409 || e.getStatusCode() == 412
                || BlobErrorCode.BLOB_ALREADY_EXISTS.equals(e.getErrorCode());
    }

    /** A blob's name and properties as listed. */
    public record StoredBlob(String path, String etag, long size, OffsetDateTime lastModified, Map<String, String> metadata) {}

    /** A value read together with the ETag it had, for a later conditional write. */
    public record Versioned<T>(T value, String etag) {}
}
