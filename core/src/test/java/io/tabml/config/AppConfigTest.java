package io.tabml.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.storage.BlobStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppConfigTest {
    @Test
    void developmentStorageMeansAzuriteOnItsConfiguredPorts() {
        var config = new AppConfig(Map.of("AzureWebJobsStorage", "UseDevelopmentStorage=true", "AZURITE_BLOB_PORT", "12345",
                "AZURITE_TABLE_PORT", "12347"));
        String connection = config.storageConnectionString().orElseThrow();
        assertTrue(connection.contains("BlobEndpoint=http://127.0.0.1:12345/devstoreaccount1"), connection);
        assertTrue(connection.contains("TableEndpoint=http://127.0.0.1:12347/devstoreaccount1"), connection);
        assertTrue(new AppConfig(Map.of("AzureWebJobsStorage", "UseDevelopmentStorage=true")).storageConnectionString().orElseThrow()
                .contains("TableEndpoint=http://127.0.0.1:10002/"), "Azurite's default table port");
    }

    @Test
    void thePredictionLogLogsEveryPredictionByDefaultAndRefusesSettingsOutOfRange() {
        var defaults = new AppConfig(Map.of());
        assertEquals(1.0, defaults.predictionLogSampleRate());
        assertEquals(10_000, defaults.predictionLogBuffer());
        assertEquals(java.time.Duration.ofSeconds(1), defaults.predictionLogFlushInterval());
        assertEquals(0.05, new AppConfig(Map.of("PREDICTION_LOG_SAMPLE_RATE", "0.05")).predictionLogSampleRate());
        for (var bad : List.<Map.Entry<String, Runnable>>of(
                Map.entry("PREDICTION_LOG_SAMPLE_RATE", () -> new AppConfig(Map.of("PREDICTION_LOG_SAMPLE_RATE", "1.5")).predictionLogSampleRate()),
                Map.entry("PREDICTION_LOG_SAMPLE_RATE", () -> new AppConfig(Map.of("PREDICTION_LOG_SAMPLE_RATE", "all")).predictionLogSampleRate()),
                Map.entry("PREDICTION_LOG_BUFFER", () -> new AppConfig(Map.of("PREDICTION_LOG_BUFFER", "0")).predictionLogBuffer()),
                Map.entry("PREDICTION_LOG_FLUSH_MILLIS", () -> new AppConfig(Map.of("PREDICTION_LOG_FLUSH_MILLIS", "0")).predictionLogFlushInterval()))) {
            var e = assertThrows(IllegalStateException.class, bad.getValue()::run);
            assertTrue(e.getMessage().contains(bad.getKey()), e.getMessage());
        }
    }

    @Test
    void theTableEndpointInAzureIsTheHostsIdentityBasedSetting() {
        var config = new AppConfig(Map.of("AzureWebJobsStorage__tableServiceUri", "https://acct.table.core.windows.net"));
        assertEquals("https://acct.table.core.windows.net", config.storageTableServiceUri().orElseThrow());
        io.tabml.monitoring.PredictionTable.from(config); // builds without a network call
        var e = assertThrows(IllegalStateException.class, () -> io.tabml.monitoring.PredictionTable.from(new AppConfig(Map.of())));
        assertTrue(e.getMessage().contains("__tableServiceUri"), e.getMessage());
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
