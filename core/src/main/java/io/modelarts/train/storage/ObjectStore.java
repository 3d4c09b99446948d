package io.modelarts.train.storage;

import io.modelarts.train.rules.CodeDirLimits;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The object store behind {@code obs://} and {@code s3://} locations: an S3-compatible service
 * ({@link S3ObjectStore}) or a local folder ({@link DirectoryObjectStore}). Both behave the same.
 *
 * <p>A location names either one object or a "folder": {@code obs://b/out} covers the object
 * {@code out} and everything below {@code out/}, but not {@code outline.txt}. Every method throws
 * {@link StorageException} with a message for people; none of them ever includes a secret.
 */
public interface ObjectStore extends AutoCloseable {

    /** Every object at or below {@code location}, recursively, sorted by key. Empty when there is none. */
    List<ObjectInfo> list(ObjectUri location);

    /**
     * Uploads a local code directory to {@code target} (its files land at {@code target/<relative path>}).
     * The limits are checked on the whole directory before any byte is sent; a directory over a
     * limit is refused with a message naming the limit.
     */
    default TransferReport uploadCodeDirectory(Path dir, ObjectUri target, CodeDirLimits limits) {
        return uploadCodeDirectory(dir, target, limits, TransferListener.NONE);
    }

    TransferReport uploadCodeDirectory(Path dir, ObjectUri target, CodeDirLimits limits, TransferListener listener);

    /**
     * Downloads {@code location} into {@code targetDir}: a folder's objects land at
     * {@code targetDir/<path below the folder>}, a single object at {@code targetDir/<its name>}.
     * Keys that would land outside {@code targetDir} are refused before anything is written, and
     * a file only appears under its final name once it is complete.
     */
    default TransferReport download(ObjectUri location, Path targetDir) {
        return download(location, targetDir, TransferListener.NONE);
    }

    TransferReport download(ObjectUri location, Path targetDir, TransferListener listener);

    /**
     * Incremental upload of {@code dir} to {@code prefix}: files the store already holds with the
     * same size and content are skipped. Safe to call again and again while another process writes
     * into {@code dir}: files that vanish or change while being read are counted as
     * {@link TransferReport#deferred()} and sent by a later call, never thrown.
     */
    default TransferReport syncUp(Path dir, ObjectUri prefix) {
        return syncUp(dir, prefix, TransferListener.NONE);
    }

    TransferReport syncUp(Path dir, ObjectUri prefix, TransferListener listener);

    /** Stores one local file as the object {@code target}. */
    void putFile(Path file, ObjectUri target);

    /** Stores {@code bytes} as the object {@code target}. */
    void putBytes(ObjectUri target, byte[] bytes);

    /**
     * Writes the object {@code source} to {@code file} (replacing it) and returns what was fetched.
     * The returned {@link ObjectInfo#contentMd5()} is set only where the store vouches that the
     * content has that MD5, so callers can verify the file against it.
     */
    ObjectInfo getFile(ObjectUri source, Path file);

    /**
     * Like {@link #getFile(ObjectUri, Path)} for an object as a {@link #list} described it, and verified: where the
     * store vouches for the content's MD5, a file that does not match it fails with a {@link StorageException}
     * ("... is corrupt") and is deleted. A store may use {@code listed} to skip reading the object's metadata again,
     * and check the content while it streams instead of reading the file once more.
     */
    default ObjectInfo getFile(ObjectUri source, Path file, ObjectInfo listed) {
        return Checksums.verified(source, file, getFile(source, file));
    }

    /** Opens the object for reading; the caller closes the stream. */
    InputStream open(ObjectUri source);

    /** Releases connections and threads; the store cannot be used afterwards. */
    @Override
    void close();
}
