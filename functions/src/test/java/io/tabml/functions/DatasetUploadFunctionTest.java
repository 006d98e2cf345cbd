package io.tabml.functions;

import static io.tabml.functions.FunctionMocks.assertError;
import static io.tabml.functions.FunctionMocks.post;
import static io.tabml.functions.FunctionMocks.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import io.tabml.errors.InvalidInputException;
import io.tabml.errors.LimitExceededException;
import io.tabml.orchestration.DatasetUploads.UploadReceipt;
import io.tabml.orchestration.DatasetUploads;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /api/datasets/{model}}: a CSV body is stored for training; anything else is refused
 * first. {@code POST /api/datasets/{model}/uploads}: a URL to write a large file straight to storage.
 */
class DatasetUploadFunctionTest {
    private static final byte[] CSV = "age,label\n41,yes\n".getBytes(StandardCharsets.UTF_8);

    private final DatasetUploads uploads = mock(DatasetUploads.class);
    private final DatasetUploadFunction function = new DatasetUploadFunction(new Services(null, null, null, null, null, null, uploads, null, null, null, null, null, null));
    private final FunctionMocks.Invocation invocation = new FunctionMocks.Invocation();

    private HttpResponseMessage upload(HttpRequestMessage<Optional<byte[]>> request) {
        return function.upload(request, "churn", invocation.context);
    }

    @Test
    void aNewDatasetIsAccepted202WithItsJob() {
        when(uploads.store("churn", "january", CSV)).thenReturn(
                new UploadReceipt("churn/january.csv", "job-1", "Submitted", false, null, "training will start shortly", null, null));

        var response = response(upload(post(CSV).header("content-type", "text/csv").query("name", "january").build()));

        assertEquals(202, response.getStatusCode());
        assertEquals("job-1", response.json().get("jobId").asText());
        assertEquals("churn/january.csv", response.json().get("dataset").asText());
    }

    @Test
    void dataAlreadyTrainedIs200NamingTheExistingVersion() {
        when(uploads.store("churn", "january", CSV)).thenReturn(
                new UploadReceipt("churn/january.csv", "job-1", "Registered", true, 4, "already trained as version 4", null, null));

        var response = response(upload(post(CSV).header("content-type", "text/csv").query("name", "january").build()));

        assertEquals(200, response.getStatusCode());
        assertEquals(4, response.json().get("version").asInt());
    }

    @Test
    void withoutANameTheServiceChoosesOne() {
        when(uploads.store("churn", null, CSV)).thenReturn(new UploadReceipt("churn/x.csv", "job-2", "Submitted", false, null, "", null, null));

        upload(post(CSV).header("content-type", "text/csv; charset=utf-8").build());

        verify(uploads).store("churn", null, CSV);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "image/png", "multipart/form-data; boundary=x"})
    void aBodyThatIsNotCsvIsA415WithoutStoringIt(String contentType) {
        assertError(upload(post(CSV).header("content-type", contentType).build()), 415, "unsupported_media_type");
        verifyNoInteractions(uploads);
    }

    @Test
    void aBodyWithoutAContentTypeIsA415() {
        assertError(upload(post(CSV).build()), 415, "unsupported_media_type");
        verifyNoInteractions(uploads);
    }

    @Test
    void theServicesRefusalsKeepTheirStatus() {
        when(uploads.store(any(), any(), any()))
                .thenThrow(new InvalidInputException("empty_body", "the request body is empty"))
                .thenThrow(new LimitExceededException("the dataset is over MAX_UPLOAD_BYTES"));

        assertError(upload(post(CSV).header("content-type", "text/csv").build()), 400, "empty_body");
        var tooLarge = assertError(upload(post(CSV).header("content-type", "text/csv").build()), 413, "payload_too_large");
        assertTrue(tooLarge.get("message").asText().contains("MAX_UPLOAD_BYTES"), tooLarge::toString);
    }

    @Test
    void aDirectUploadIs201WithTheUrlToWriteToAndTheJobItWillStart() {
        String sha256 = "a".repeat(64);
        when(uploads.directUpload("churn", "big", sha256)).thenReturn(new UploadReceipt("datasets/churn/big.csv", "job-3", "/api/jobs/job-3",
                false, null, "write the file to uploadUrl", "https://account.blob.core.windows.net/datasets/churn/big.csv?sig=x",
                java.time.Instant.parse("2026-11-30T13:00:00Z")));

        var response = response(function.direct(FunctionMocks.get().query("name", "big").query("sha256", sha256).build(), "churn",
                invocation.context));

        assertEquals(201, response.getStatusCode());
        assertEquals("job-3", response.json().get("jobId").asText());
        assertEquals("https://account.blob.core.windows.net/datasets/churn/big.csv?sig=x", response.json().get("uploadUrl").asText());
        assertEquals("2026-11-30T13:00:00Z", response.json().get("expiresAt").asText());
    }

    @Test
    void aDirectUploadWithoutAValidHashIs400() {
        when(uploads.directUpload("churn", null, null)).thenThrow(new InvalidInputException("invalid_sha256", "send the file's sha256"));

        assertError(function.direct(FunctionMocks.get().build(), "churn", invocation.context), 400, "invalid_sha256");
    }
}
