package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.URLUtils;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The create of a Job without a thread of ours waiting for its answer. fabric8's {@code create()} blocks its caller
 * until the response is read; a submission would then hand the call to an I/O thread and hear back from it, two
 * thread hops that cost more than the create itself on a busy machine. This sends the same request (a POST of the
 * Job's JSON to its namespace's Jobs, through the client's HTTP client and so its interceptors, authentication and
 * request timeout) and completes on the HTTP client's thread that reads the response: with the created Job, or
 * with a {@link KubernetesClientException} carrying the API server's status and code, as fabric8's create throws.
 */
final class AsyncJobCreate {

    private AsyncJobCreate() {
    }

    /**
     * Sends the create of {@code job}; {@code specJson}, when not null, is the JSON of its spec (serialised for its spec
     * hash, see {@link JobJson}), sent as it is.
     */
    static CompletableFuture<Job> create(KubernetesClient client, String namespace, Job job, byte[] specJson) {
        KubernetesSerialization serialization = client.getKubernetesSerialization();
        HttpClient http = client.getHttpClient();
        byte[] body = specJson != null && JobJson.composable(job) ? JobJson.write(SpecHashes.MAPPER, job, specJson)
                : serialization.asJson(job).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = http.newHttpRequestBuilder()
                .uri(URLUtils.join(client.getMasterUrl().toString(), "apis", "batch", "v1", "namespaces", namespace, "jobs"))
                .post("application/json", body);
        Integer timeout = client.getConfiguration().getRequestTimeout();
        if (timeout != null && timeout > 0) {
            request.timeout(timeout, TimeUnit.MILLISECONDS);
        }
        return http.sendAsync(request.build(), byte[].class).thenApply(response -> {
            if (!response.isSuccessful()) {
                throw new KubernetesClientException(status(response, serialization));
            }
            return serialization.unmarshal(new ByteArrayInputStream(response.body()), Job.class);
        });
    }

    /** The API server's Status from the body of a refusal, or one made of the HTTP code when the body is none. */
    private static Status status(HttpResponse<byte[]> response, KubernetesSerialization serialization) {
        byte[] body = response.body() == null ? new byte[0] : response.body();
        try {
            Status s = serialization.unmarshal(new ByteArrayInputStream(body), Status.class);
            if (s != null && s.getCode() != null) {
                return s;
            }
        } catch (RuntimeException e) {
            // not a Status (a proxy's error page, say): its text is the message
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return new StatusBuilder().withCode(response.code()).withStatus("Failure")
                .withMessage(text.isEmpty() ? "HTTP " + response.code() : text).build();
    }
}
