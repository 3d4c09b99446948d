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

    /** A download whose content does not have the MD5 the store vouches for. */
    public static StorageException corrupt(ObjectUri source, String actualMd5, String expectedMd5) {
        return new StorageException("downloaded " + source + " is corrupt: its MD5 is " + actualMd5 + " but the store says " + expectedMd5);
    }
}
