package io.modelarts.train.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content hashes as object stores compute them. */
public final class Checksums {

    /** S3 and OBS allow at most this many parts in one multipart upload. */
    static final int MAX_PARTS = 10_000;

    private Checksums() {
    }

    public static String md5Hex(Path file) throws IOException {
        return hex(file, "MD5");
    }

    /** {@code fetched} once {@code file} matches its MD5 (when it vouches for one); otherwise the file is deleted and this fails. */
    static ObjectInfo verified(ObjectUri source, Path file, ObjectInfo fetched) {
        String expected = fetched.contentMd5();
        if (expected != null) {
            String actual;
            try {
                actual = md5Hex(file);
            } catch (IOException e) {
                throw new StorageException("cannot read back " + file + ": " + e.getMessage(), e);
            }
            if (!actual.equals(expected)) {
                AtomicFiles.deleteQuietly(file);
                throw StorageException.corrupt(source, actual, expected);
            }
        }
        return fetched;
    }

    public static String sha256Hex(Path file) throws IOException {
        return hex(file, "SHA-256");
    }

    /**
     * The entity tag S3 gives a multipart upload of {@code file} with parts of {@code partSize}
     * bytes: the MD5 of the parts' MD5s, then {@code -<parts>}. Lets an incremental upload
     * recognise a big file it sent earlier without downloading it.
     */
    static String multipartEtag(Path file, long partSize) throws IOException {
        long size = Files.size(file);
        MessageDigest ofParts = newDigest("MD5");
        MessageDigest part = newDigest("MD5");
        byte[] buffer = new byte[64 * 1024];
        int parts = 0;
        try (InputStream in = Files.newInputStream(file)) {
            long left = size;
            while (left > 0) {
                long partLeft = Math.min(partSize, left);
                while (partLeft > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, partLeft));
                    if (n < 0) {
                        throw new IOException(file + " shrank while being read");
                    }
                    part.update(buffer, 0, n);
                    partLeft -= n;
                    left -= n;
                }
                ofParts.update(part.digest());
                parts++;
            }
        }
        return HexFormat.of().formatHex(ofParts.digest()) + "-" + parts;
    }

    /** The part size the SDK's multipart upload uses for a file: the configured one, grown to stay under the part limit. */
    static long partSizeFor(long fileSize, long configuredPartSize) {
        long needed = (fileSize + MAX_PARTS - 1) / MAX_PARTS;
        return Math.max(configuredPartSize, needed);
    }

    private static String hex(Path file, String algorithm) throws IOException {
        MessageDigest digest = newDigest(algorithm);
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }
}
