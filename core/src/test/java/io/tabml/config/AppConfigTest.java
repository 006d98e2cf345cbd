package io.tabml.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.storage.BlobStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppConfigTest {
    @Test
    void developmentStorageMeansAzuriteOnItsConfiguredPort() {
        var config = new AppConfig(Map.of("AzureWebJobsStorage", "UseDevelopmentStorage=true", "AZURITE_BLOB_PORT", "12345"));
        assertTrue(config.storageConnectionString().orElseThrow().contains("BlobEndpoint=http://127.0.0.1:12345/devstoreaccount1"));
    }

    @Test
    void readsTheIdentityBasedStorageSettingsAzureUses() {
        var config = new AppConfig(Map.of("AzureWebJobsStorage__blobServiceUri", "https://acct.blob.core.windows.net",
                "AzureWebJobsStorage__credential", "managedidentity", "AZURE_CLIENT_ID", "client-1"));
        assertTrue(config.storageConnectionString().isEmpty());
        assertEquals("https://acct.blob.core.windows.net", config.storageBlobServiceUri().orElseThrow());
        assertEquals("client-1", config.managedIdentityClientId().orElseThrow());
        BlobStore store = BlobStore.from(config); // builds without a network call: tokens are fetched on first use
        assertTrue(store.url("datasets", "m/a.csv").startsWith("https://acct.blob.core.windows.net/datasets/"));
    }

    @Test
    void namesBothWaysWhenStorageIsNotConfigured() {
        var e = assertThrows(IllegalStateException.class, () -> BlobStore.from(new AppConfig(Map.of())));
        assertTrue(e.getMessage().contains("AzureWebJobsStorage") && e.getMessage().contains("__blobServiceUri"), e.getMessage());
    }

    @Test
    void refusesANonNumericNumberSetting() {
        var e = assertThrows(IllegalStateException.class, () -> new AppConfig(Map.of("MAX_UPLOAD_BYTES", "lots")).maxUploadBytes());
        assertTrue(e.getMessage().contains("MAX_UPLOAD_BYTES"));
    }
}
