package io.modelarts.train.storage;

import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * One listed object fetched into a file and checked against its MD5 without reading the file a second time after the
 * download: the object comes in one GET or in several ranged GETs at once, each written at its place in the file as
 * its bytes arrive ({@link RangeWriter}), while the calling thread hashes the completed prefix of the file as it grows.
 * The prefix is read back from the page cache, so hashing overlaps the transfer instead of following it.
 *
 * <p>No HEAD is sent: the listing gave the size and the entity tag, and every GET is pinned to that tag (a concurrent
 * overwrite fails the download instead of mixing versions). Where the tag is no MD5 (a multipart upload's
 * {@code <md5>-N}, or a KMS / customer-key encrypted object, whose response says so) only the size is checked.
 * On any failure, an interrupt included, the requests still running are cancelled and the file is deleted.
 */
final class VerifiedDownload implements RangeWriter.Listener {

    /** Starts one GET of the object, with {@code range} (an HTTP Range value) or without one for the whole object. */
    @FunctionalInterface
    interface Requests {
        CompletableFuture<GetObjectResponse> get(String range, String ifMatch, RangeWriter writer);
    }

    /** Hash in steps of at least this much, so the hashing thread does not wake for every network chunk. */
    private static final long HASH_STEP = 1024 * 1024;
    private static final int READ_BUFFER = 256 * 1024;

    private final ObjectUri source;
    private final ObjectInfo listed;
    private final List<RangeWriter> ranges = new ArrayList<>();
    private final List<CompletableFuture<GetObjectResponse>> pending = new ArrayList<>();
    private final Object lock = new Object();
    /** The hashing thread sleeps; writers reaching {@link #wanted} wake it. */
    private volatile boolean waiting;
    private volatile long wanted;

    private VerifiedDownload(ObjectUri source, ObjectInfo listed) {
        this.source = source;
        this.listed = listed;
    }

    /**
     * Fetches {@code source} as {@code listed} describes it into {@code file} in ranges of {@code rangeSize} bytes
     * (one GET when the object is not bigger), and returns what was fetched, its {@link ObjectInfo#contentMd5()}
     * set where it was checked.
     */
    static ObjectInfo fetch(Requests requests, ObjectUri source, ObjectInfo listed, Path file, long rangeSize,
                            Progress progress) {
        return new VerifiedDownload(source, listed).run(requests, file, rangeSize, progress);
    }

    private ObjectInfo run(Requests requests, Path file, long rangeSize, Progress progress) {
        boolean ok = false;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING)) {
            ObjectInfo fetched = transfer(requests, channel, rangeSize, progress);
            ok = true;
            return fetched;
        } catch (ClosedByInterruptException e) {
            Thread.currentThread().interrupt();
            throw interrupted(e);
        } catch (IOException e) {
            throw new StorageException("cannot download " + source + " into " + file + ": " + e.getMessage(), e);
        } finally {
            if (!ok) {
                // the channel is closed by now, so a write still in flight fails instead of bringing the file back
                pending.forEach(p -> p.cancel(true));
                AtomicFiles.deleteQuietly(file);
            }
        }
    }

    private ObjectInfo transfer(Requests requests, FileChannel channel, long rangeSize, Progress progress) throws IOException {
        long size = listed.size();
        String ifMatch = listed.etag() == null ? null : "\"" + listed.etag() + "\"";
        GetObjectResponse response;
        // a listed multipart tag is no MD5, whatever the response says: nothing to hash
        boolean hash = listed.contentMd5() != null;
        MessageDigest md5;
        long hashed;
        if (size <= rangeSize) {
            // one stream: hashed on the way into the file, by the thread that writes it
            RangeWriter whole = new RangeWriter(channel, 0, size, this, hash ? Checksums.newDigest("MD5") : null);
            start(requests, whole, null, ifMatch, progress);
            response = awaitAll();
            md5 = whole.digest();
            hashed = md5 == null ? 0 : size;
        } else {
            for (long first = 0; first < size; first += rangeSize) {
                long length = Math.min(rangeSize, size - first);
                start(requests, new RangeWriter(channel, first, length, this, null),
                        "bytes=" + first + "-" + (first + length - 1), ifMatch, progress);
            }
            md5 = hash ? Checksums.newDigest("MD5") : null;
            hashed = hash ? hashWhileArriving(channel, md5) : 0;
            response = awaitAll();
        }
        for (RangeWriter range : ranges) {
            if (range.received() != range.length()) {
                throw new StorageException("downloaded " + source + " has " + describeReceived(range) + ", but the store lists "
                        + size + " bytes; it may have changed during the download");
            }
        }
        long total = ranges.size() == 1 ? size : totalOf(response.contentRange());
        if (total != size) {
            // ranges asked for by the listed size cannot see a longer object; the response says how long it is
            throw new StorageException("downloaded " + source + " has " + (total < 0 ? "an unknown number of" : total)
                    + " bytes, but the store lists " + size + " bytes; it may have changed during the download");
        }
        String expected = etagIsContentMd5(response) ? new ObjectInfo(source.key(), size, response.eTag(), null).contentMd5() : null;
        if (expected != null) {
            if (md5 == null) {
                md5 = Checksums.newDigest("MD5");
            }
            hashRange(channel, md5, hashed, size);
            String actual = HexFormat.of().formatHex(md5.digest());
            if (!actual.equals(expected)) {
                throw StorageException.corrupt(source, actual, expected);
            }
        }
        return new ObjectInfo(source.key(), size, expected, response.lastModified());
    }

    private void start(Requests requests, RangeWriter range, String header, String ifMatch, Progress progress) {
        ranges.add(range);
        CompletableFuture<GetObjectResponse> request = requests.get(header, ifMatch, range);
        pending.add(request);
        request.whenComplete((response, failure) -> {
            if (failure == null) {
                progress.add(range.length());
            }
            wake();
        });
    }

    /** Hashes the completed prefix as it grows; returns how far it got (all of it unless a request failed). */
    private long hashWhileArriving(FileChannel channel, MessageDigest md5) throws IOException {
        long size = listed.size();
        long hashed = 0;
        while (hashed < size) {
            long ready = completedPrefix();
            if (ready - hashed >= HASH_STEP || ready == size) {
                hashed = hashRange(channel, md5, hashed, ready);
            } else if (anyFailedOrAllDone()) {
                return hashed;
            } else {
                awaitPrefix(Math.min(size, hashed + HASH_STEP));
            }
        }
        return hashed;
    }

    private long completedPrefix() {
        long prefix = 0;
        for (RangeWriter range : ranges) {
            long written = range.written();
            prefix += written;
            if (written < range.length()) {
                break;
            }
        }
        return prefix;
    }

    private boolean anyFailedOrAllDone() {
        boolean allDone = true;
        for (CompletableFuture<GetObjectResponse> p : pending) {
            if (p.isCompletedExceptionally()) {
                return true;
            }
            allDone &= p.isDone();
        }
        return allDone;
    }

    private void awaitPrefix(long target) {
        synchronized (lock) {
            wanted = target;
            waiting = true;
            try {
                // checked again after announcing the wait: a writer that got there in between is seen here
                if (completedPrefix() < target && !anyFailedOrAllDone()) {
                    lock.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interrupted(e);
            } finally {
                waiting = false;
            }
        }
    }

    @Override
    public void wrote(RangeWriter range, long bytes) {
        if (waiting && (range.start() + bytes >= wanted || bytes == 0 || bytes == range.length())) {
            wake();
        }
    }

    private void wake() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private static long hashRange(FileChannel channel, MessageDigest md5, long from, long to) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(READ_BUFFER, Math.max(1, to - from)));
        long position = from;
        while (position < to) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), to - position));
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("the file ended at " + position + " of " + to + " bytes");
            }
            md5.update(buffer.array(), 0, n);
            position += n;
        }
        return position;
    }

    /** Waits for every request; the first range's response (they all carry the object's headers). */
    private GetObjectResponse awaitAll() {
        GetObjectResponse first = null;
        for (CompletableFuture<GetObjectResponse> p : pending) {
            try {
                GetObjectResponse r = p.get();
                if (first == null) {
                    first = r;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interrupted(e);
            } catch (ExecutionException e) {
                throw new CompletionException(e.getCause());
            }
        }
        return first;
    }

    /** The object's length from a {@code Content-Range: bytes a-b/total} header; -1 when it does not say. */
    static long totalOf(String contentRange) {
        int slash = contentRange == null ? -1 : contentRange.lastIndexOf('/');
        if (slash < 0) {
            return -1;
        }
        try {
            return Long.parseLong(contentRange.substring(slash + 1).strip());
        } catch (NumberFormatException e) {
            return -1; // "*": unknown
        }
    }

    private String describeReceived(RangeWriter range) {
        String received = range.received() > range.length() ? "more than " + range.length() + " bytes" : range.received() + " bytes";
        return ranges.size() == 1 ? received : received + " where " + range.length() + " were asked for at offset " + range.start();
    }

    private StorageException interrupted(Throwable cause) {
        return new StorageException("interrupted while downloading " + source, cause);
    }

    /** A KMS- or customer-key-encrypted object's ETag is not the MD5 of its content. */
    static boolean etagIsContentMd5(GetObjectResponse response) {
        ServerSideEncryption sse = response.serverSideEncryption();
        return sse != ServerSideEncryption.AWS_KMS && sse != ServerSideEncryption.AWS_KMS_DSSE
                && response.sseCustomerAlgorithm() == null;
    }
}
