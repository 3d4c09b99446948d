package io.modelarts.train.storage;

import io.modelarts.train.storage.LocalTree.LocalFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An object store for a machine that holds no storage credentials (a Jenkins agent): every listing and every
 * presigned request comes from an {@link ObjectStoreBroker} on the machine that holds them, and the bytes go
 * straight between this machine and the store over plain HTTP(S).
 *
 * <p>Checksums as with the other stores: an upload carries its MD5 as a signed {@code Content-MD5}, so the store
 * refuses other bytes; a download is checked against its size and, where the entity tag is the content's MD5,
 * against that while it streams. One presigned PUT carries at most {@link PresignedRequest#MAX_PUT_BYTES}; a
 * bigger file is refused before any byte is sent.
 */
public final class PresignedObjectStore extends BaseObjectStore {

    static final int DEFAULT_PARALLELISM = 8;
    private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]*)</Code>");

    private final ObjectStoreBroker broker;
    private final ExecutorService pool;
    private final int parallelism;

    public PresignedObjectStore(ObjectStoreBroker broker) {
        this(broker, DEFAULT_PARALLELISM);
    }

    public PresignedObjectStore(ObjectStoreBroker broker, int parallelism) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.parallelism = Math.max(1, parallelism);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(this.parallelism, r -> {
            Thread t = new Thread(r, "presigned-transfer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public List<ObjectInfo> list(ObjectUri location) {
        return broker.list(location);
    }

    @Override
    public void putFile(Path file, ObjectUri target) {
        requireObject(target);
        if (!Files.isRegularFile(file)) {
            throw new StorageException("cannot upload " + file + ": it is not a readable file");
        }
        try {
            put(file, Files.size(file), target);
        } catch (IOException e) {
            throw new StorageException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void putBytes(ObjectUri target, byte[] bytes) {
        requireObject(target);
        MessageDigest md5 = Checksums.newDigest("MD5");
        PresignedRequest request = broker.presignPut(target, HexFormat.of().formatHex(md5.digest(bytes)), bytes.length);
        send(request, target, bytes.length, out -> out.write(bytes));
    }

    /** Uploads {@code file} with one presigned PUT; returns the stored entity tag. */
    private String put(Path file, long size, ObjectUri target) throws IOException {
        if (size > PresignedRequest.MAX_PUT_BYTES) {
            throw new StorageException("cannot upload " + file + " (" + Sizes.human(size) + "): one presigned upload carries at most "
                    + Sizes.human(PresignedRequest.MAX_PUT_BYTES) + "; keep such files in the object store (obs://) instead");
        }
        PresignedRequest request = broker.presignPut(target, Checksums.md5Hex(file), size);
        return send(request, target, size, out -> Files.copy(file, out));
    }

    private interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private String send(PresignedRequest request, ObjectUri target, long size, Body body) {
        HttpURLConnection c = null;
        try {
            c = open(request);
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(size);
            try (OutputStream out = c.getOutputStream()) {
                body.writeTo(out);
            }
            int code = c.getResponseCode();
            if (code / 100 != 2) {
                throw refused("upload", target, c, code);
            }
            return ObjectInfo.normalizeEtag(c.getHeaderField("ETag"));
        } catch (IOException e) {
            throw new StorageException("upload to " + target + " failed: " + e.getMessage(), e);
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    @Override
    public ObjectInfo getFile(ObjectUri source, Path file) {
        return fetch(source, file, null);
    }

    @Override
    public ObjectInfo getFile(ObjectUri source, Path file, ObjectInfo listed) {
        return fetch(source, file, listed);
    }

    /** GETs {@code source} into {@code file}, checking size and MD5 as the bytes stream; a bad file is deleted. */
    private ObjectInfo fetch(ObjectUri source, Path file, ObjectInfo listed) {
        requireObject(source);
        PresignedRequest request = broker.presignGet(source);
        HttpURLConnection c = null;
        try {
            c = open(request);
            int code = c.getResponseCode();
            if (code / 100 != 2) {
                throw refused("download", source, c, code);
            }
            MessageDigest md5 = Checksums.newDigest("MD5");
            long size = 0;
            try (InputStream in = c.getInputStream(); OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    md5.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    size += n;
                }
            }
            String etag = trustedMd5(c);
            ObjectInfo fetched = new ObjectInfo(source.key(), size, etag, null);
            if (listed != null && listed.size() != size) {
                throw new StorageException("downloaded " + source + " has " + size + " bytes, but the store lists " + listed.size()
                        + " bytes; it may have changed during the download");
            }
            String expected = fetched.contentMd5();
            if (expected != null) {
                String actual = HexFormat.of().formatHex(md5.digest());
                if (!actual.equals(expected)) {
                    throw StorageException.corrupt(source, actual, expected);
                }
            }
            return fetched;
        } catch (StorageException e) {
            AtomicFiles.deleteQuietly(file);
            throw e;
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(file);
            throw new StorageException("download of " + source + " failed: " + e.getMessage(), e);
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    /** The entity tag when it is the content's MD5 (not for KMS- or customer-key-encrypted objects). */
    private static String trustedMd5(HttpURLConnection c) {
        String sse = c.getHeaderField("x-amz-server-side-encryption");
        if (sse != null && sse.toLowerCase(Locale.ROOT).startsWith("aws:kms")) {
            return null;
        }
        if (c.getHeaderField("x-amz-server-side-encryption-customer-algorithm") != null) {
            return null;
        }
        return ObjectInfo.normalizeEtag(c.getHeaderField("ETag"));
    }

    @Override
    public InputStream open(ObjectUri source) {
        requireObject(source);
        PresignedRequest request = broker.presignGet(source);
        try {
            HttpURLConnection c = open(request);
            int code = c.getResponseCode();
            if (code / 100 != 2) {
                throw refused("read", source, c, code);
            }
            return c.getInputStream();
        } catch (IOException e) {
            throw new StorageException("reading " + source + " failed: " + e.getMessage(), e);
        }
    }

    private static HttpURLConnection open(PresignedRequest request) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(request.url()).toURL().openConnection();
        c.setRequestMethod(request.method());
        c.setConnectTimeout(30_000);
        c.setReadTimeout(300_000);
        c.setUseCaches(false);
        request.signedHeaders().forEach(c::setRequestProperty);
        return c;
    }

    /** The store's refusal, with its S3 error code; never the URL (its query is the grant). */
    private static StorageException refused(String what, ObjectUri location, HttpURLConnection c, int code) {
        String detail = "";
        try (InputStream err = c.getErrorStream()) {
            if (err != null) {
                Matcher m = ERROR_CODE.matcher(new String(err.readNBytes(8192), StandardCharsets.UTF_8));
                if (m.find()) {
                    detail = " " + m.group(1);
                }
            }
        } catch (IOException ignored) {
            // the status is enough
        }
        if (code == 404) {
            return new StorageException(location + " does not exist");
        }
        String hint = code == 403 ? " (the presigned request was refused: expired, or the content differs from what was signed)" : "";
        return new StorageException("the object store refused the " + what + " of " + location + ": HTTP " + code + detail + hint);
    }

    @Override
    protected List<UploadResult> uploadAll(List<Upload> uploads, Progress progress) {
        List<Future<UploadResult>> pending = new ArrayList<>(uploads.size());
        for (Upload u : uploads) {
            pending.add(pool.submit(() -> {
                try {
                    String etag = put(u.file().path(), u.file().size(), u.target());
                    progress.add(u.file().size());
                    return UploadResult.ok(u, etag);
                } catch (StorageException e) {
                    return UploadResult.failed(u, e);
                } catch (IOException e) {
                    return UploadResult.failed(u, new StorageException("cannot read " + u.file().path() + ": " + e.getMessage(), e));
                }
            }));
        }
        List<UploadResult> results = new ArrayList<>(pending.size());
        for (Future<UploadResult> f : pending) {
            results.add(await(f));
        }
        return results;
    }

    @Override
    protected void downloadAll(List<Download> downloads, Progress progress) {
        List<Future<UploadResult>> pending = new ArrayList<>(downloads.size());
        for (Download d : downloads) {
            pending.add(pool.submit(() -> {
                Files.createDirectories(d.target().getParent());
                Path temp = AtomicFiles.tempSibling(d.target());
                try {
                    fetch(d.source(), temp, d.info());
                    AtomicFiles.moveIntoPlace(temp, d.target());
                    progress.add(d.info().size());
                } finally {
                    AtomicFiles.deleteQuietly(temp);
                }
                return null;
            }));
        }
        StorageException first = null;
        for (Future<UploadResult> f : pending) {
            try {
                await(f);
            } catch (StorageException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while transferring", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StorageException se) {
                throw se;
            }
            throw new StorageException("transfer failed: " + cause.getMessage(), cause);
        }
    }

    @Override
    protected boolean sameContent(LocalFile file, ObjectUri target, ObjectInfo stored) throws IOException {
        return stored.contentMd5() != null && stored.contentMd5().equals(Checksums.md5Hex(file.path()));
    }

    private static void requireObject(ObjectUri uri) {
        if (uri.isFolder()) {
            throw new StorageException(uri + " names a folder, not an object");
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    @Override
    public String toString() {
        return "PresignedObjectStore[" + parallelism + " transfers at once]";
    }
}
