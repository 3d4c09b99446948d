package io.modelarts.train.storage;

/**
 * A storage failure with a message meant for the person running the job. Messages never contain
 * a secret key; they name the object location and, where it helps, what to check.
 */
public class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
