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

    /**
     * Whether {@code t} says nothing about the request itself: no answer (a timeout, a broken connection), the API
     * server overloaded (429) or failing (5xx). Sending the same request again may well succeed.
     */
    static boolean isTransient(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof KubernetesClientException k && k.getCode() > 0) {
                return k.getCode() == 429 || k.getCode() >= 500;
            }
            if (c instanceof java.io.IOException || c instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
