package io.modelarts.train.storage;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns SDK failures into {@link StorageException}s a person can act on. The secret key is scrubbed
 * from every message as a second fence: the SDK is not known to print it, but a message is cheap
 * to check and a leaked secret is not cheap at all.
 */
final class S3Errors {

    private final S3Settings settings;

    S3Errors(S3Settings settings) {
        this.settings = settings;
    }

    StorageException map(Throwable failure, String action, ObjectUri location) {
        Throwable cause = unwrap(failure);
        if (cause instanceof StorageException se) {
            return se;
        }
        String message;
        if (cause instanceof S3Exception s3) {
            message = fromService(s3, action, location);
        } else if (cause instanceof NoSuchFileException nsf) {
            message = "cannot " + action + " " + location + ": local file " + nsf.getFile() + " does not exist";
        } else if (cause instanceof IOException io) {
            message = "cannot " + action + " " + location + ": " + io.getMessage();
        } else if (cause instanceof SdkClientException client) {
            message = fromClient(client, action, location);
        } else {
            message = "cannot " + action + " " + location + ": " + cause;
        }
        return new StorageException(redact(message), cause);
    }

    private String fromService(S3Exception e, String action, ObjectUri location) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        int status = e.statusCode();
        String said = code == null ? "HTTP " + status : code + ", HTTP " + status;
        if (status == 403 || "SignatureDoesNotMatch".equals(code) || "InvalidAccessKeyId".equals(code)
                || "AccessDenied".equals(code)) {
            return "access denied to " + location + " (check the access key and secret key, and that they may "
                    + action + " this location; the store said " + said + ")";
        }
        if ("NoSuchBucket".equals(code)) {
            return "bucket '" + location.bucket() + "' does not exist (while trying to " + action + " " + location + ")";
        }
        if ("NoSuchKey".equals(code) || status == 404) {
            return location + " does not exist";
        }
        if (status == 301 || "PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code)) {
            return "the store refused to " + action + " " + location + " here (" + said + "); check the endpoint "
                    + endpoint() + ", the region " + settings.region() + " and the path-style setting ("
                    + settings.pathStyle() + ")";
        }
        if (status == 412 || "PreconditionFailed".equals(code)) {
            return location + " changed while it was being read; try again";
        }
        String detail = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return "cannot " + action + " " + location + " (" + said + ")" + (detail == null ? "" : ": " + detail);
    }

    private String fromClient(SdkClientException e, String action, ObjectUri location) {
        String text = String.valueOf(e.getMessage());
        if (text.contains("Unable to load credentials")) {
            return "no credentials to " + action + " " + location + ": give an access key and secret key, "
                    + "or set up the default credential chain (environment, profile or instance role)";
        }
        if (text.contains("Unable to execute HTTP request") || text.contains("Connect") || text.contains("connect")) {
            return "cannot reach the object store at " + endpoint() + " to " + action + " " + location + ": " + text;
        }
        return "cannot " + action + " " + location + ": " + text;
    }

    private String endpoint() {
        return settings.endpoint() == null ? "(AWS default endpoint)" : settings.endpoint().toString();
    }

    String redact(String message) {
        String secret = settings.secretKey();
        return secret == null || message == null ? message : message.replace(secret, "****");
    }

    static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        // the async client wraps service errors and local file errors in SdkClientException;
        // network errors stay wrapped so that they read as "cannot reach the object store"
        if (current instanceof SdkClientException && !(current instanceof S3Exception)) {
            Throwable inner = current.getCause();
            while (inner != null) {
                if (inner instanceof S3Exception || inner instanceof FileSystemException || inner instanceof StorageException) {
                    return inner;
                }
                inner = inner.getCause();
            }
        }
        return current;
    }
}
