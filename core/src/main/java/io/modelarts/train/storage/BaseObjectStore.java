package io.modelarts.train.storage;

import io.modelarts.train.rules.CodeDirLimits;
import io.modelarts.train.storage.LocalTree.LocalFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The parts of the contract both stores share: walking local trees, the code-directory limits,
 * deciding what an incremental upload must send, and mapping keys to local paths safely.
 * Subclasses move the bytes.
 */
abstract class BaseObjectStore implements ObjectStore {

    /** One local file to store as one object. */
    record Upload(LocalFile file, ObjectUri target) {
    }

    /** Outcome of one upload: the stored entity tag (may be null), or the failure. */
    record UploadResult(Upload upload, String etag, StorageException failure) {
        static UploadResult ok(Upload upload, String etag) {
            return new UploadResult(upload, ObjectInfo.normalizeEtag(etag), null);
        }

        static UploadResult failed(Upload upload, StorageException failure) {
            return new UploadResult(upload, null, failure);
        }
    }

    /** One object to fetch into one local file. */
    record Download(ObjectUri source, ObjectInfo info, Path target) {
    }

    /**
     * What this store last uploaded for a location; lets a sync every 30 s skip unchanged files
     * without hashing them again.
     */
    private record Uploaded(long size, FileTime modified, String etag) {
    }

    private final ConcurrentMap<ObjectUri, Uploaded> uploaded = new ConcurrentHashMap<>();

    /** Sends every upload; per-file failures are returned, not thrown. */
    protected abstract List<UploadResult> uploadAll(List<Upload> uploads, Progress progress);

    /**
     * Fetches every download into its target, each through a temporary name; throws on the first
     * failure once the others have settled.
     */
    protected abstract void downloadAll(List<Download> downloads, Progress progress);

    /** True when {@code stored} certainly has the content of {@code file} (sizes already match). */
    protected abstract boolean sameContent(LocalFile file, ObjectUri target, ObjectInfo stored) throws IOException;

    @Override
    public TransferReport uploadCodeDirectory(Path dir, ObjectUri target, CodeDirLimits limits, TransferListener listener) {
        Objects.requireNonNull(limits, "limits");
        long start = System.nanoTime();
        List<LocalFile> files = LocalTree.scanCodeDirectory(dir, limits);
        ObjectUri folder = asFolder(target);
        List<Upload> uploads = new ArrayList<>(files.size());
        for (LocalFile file : files) {
            uploads.add(new Upload(file, resolve(folder, file)));
        }
        long bytes = 0;
        int sent = 0;
        for (UploadResult result : uploadAll(uploads, new Progress(listener, totalSize(uploads)))) {
            if (result.failure() != null) {
                throw result.failure();
            }
            remember(result);
            bytes += result.upload().file().size();
            sent++;
        }
        return new TransferReport(sent, bytes, 0, 0, since(start));
    }

    @Override
    public TransferReport syncUp(Path dir, ObjectUri prefix, TransferListener listener) {
        long start = System.nanoTime();
        ObjectUri folder = asFolder(prefix);
        List<LocalFile> files = LocalTree.scanTolerant(dir);
        if (files.isEmpty()) {
            return new TransferReport(0, 0, 0, 0, since(start));
        }
        Map<String, ObjectInfo> stored = new HashMap<>();
        for (ObjectInfo info : list(folder)) {
            stored.put(info.key(), info);
        }
        int unchanged = 0;
        int deferred = 0;
        List<Upload> toSend = new ArrayList<>();
        for (LocalFile file : files) {
            Upload upload = new Upload(file, resolve(folder, file));
            try {
                if (isUnchanged(upload, stored.get(upload.target().key()))) {
                    unchanged++;
                } else {
                    toSend.add(upload);
                }
            } catch (IOException e) {
                // it vanished or became unreadable since the walk: the next sync will see
                deferred++;
            }
        }
        int sent = 0;
        long bytes = 0;
        for (UploadResult result : uploadAll(toSend, new Progress(listener, totalSize(toSend)))) {
            if (result.failure() == null) {
                remember(result);
                sent++;
                bytes += result.upload().file().size();
            } else if (changedSinceScan(result.upload().file())) {
                deferred++;
            } else {
                throw result.failure();
            }
        }
        return new TransferReport(sent, bytes, unchanged, deferred, since(start));
    }

    @Override
    public TransferReport download(ObjectUri location, Path targetDir, TransferListener listener) {
        long start = System.nanoTime();
        List<Download> downloads = new ArrayList<>();
        // check every key before writing anything, so a hostile key cannot leave half a download behind
        for (ObjectInfo info : list(location)) {
            if (info.key().endsWith("/")) {
                continue; // a "folder" marker object has no content
            }
            String relative = ObjectKeys.relativeTo(location, info.key());
            Path target = ObjectKeys.resolveInside(targetDir, relative, info.key());
            downloads.add(new Download(new ObjectUri(location.bucket(), info.key()), info, target));
        }
        long bytes = 0;
        for (Download d : downloads) {
            bytes += d.info().size();
        }
        try {
            Files.createDirectories(targetDir);
        } catch (IOException e) {
            throw new StorageException("cannot create " + targetDir + ": " + e.getMessage(), e);
        }
        downloadAll(downloads, new Progress(listener, bytes));
        return new TransferReport(downloads.size(), bytes, 0, 0, since(start));
    }

    private boolean isUnchanged(Upload upload, ObjectInfo stored) throws IOException {
        LocalFile file = upload.file();
        if (stored == null || stored.size() != file.size()) {
            return false;
        }
        Uploaded last = uploaded.get(upload.target());
        if (last != null && last.size() == file.size() && last.modified().equals(file.modified())
                && Objects.equals(last.etag(), stored.etag())) {
            return true;
        }
        if (sameContent(file, upload.target(), stored)) {
            uploaded.put(upload.target(), new Uploaded(file.size(), file.modified(), stored.etag()));
            return true;
        }
        return false;
    }

    private void remember(UploadResult result) {
        LocalFile file = result.upload().file();
        uploaded.put(result.upload().target(), new Uploaded(file.size(), file.modified(), result.etag()));
    }

    /** True when the file is gone or differs from what the scan saw: the failure was the writer's doing. */
    static boolean changedSinceScan(LocalFile file) {
        try {
            BasicFileAttributes now = Files.readAttributes(file.path(), BasicFileAttributes.class);
            return now.size() != file.size() || !now.lastModifiedTime().equals(file.modified());
        } catch (IOException e) {
            return true;
        }
    }

    static ObjectUri asFolder(ObjectUri uri) {
        return uri.isFolder() ? uri : new ObjectUri(uri.bucket(), uri.folderPrefix());
    }

    private static ObjectUri resolve(ObjectUri folder, LocalFile file) {
        try {
            return folder.resolve(file.relative());
        } catch (IllegalArgumentException e) {
            throw new StorageException("cannot upload " + file.path() + ": " + e.getMessage(), e);
        }
    }

    private static long totalSize(List<Upload> uploads) {
        long total = 0;
        for (Upload u : uploads) {
            total += u.file().size();
        }
        return total;
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
