package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Errors of API calls as one line for a user. */
final class ApiErrors {

    private ApiErrors() {
    }

    /** The API server's own message and status code when there is one, else the error's message, else its type. */
    static String message(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
            return k.getStatus().getMessage() + (k.getCode() > 0 ? " (HTTP " + k.getCode() + ")" : "");
        }
        return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
    }
}
