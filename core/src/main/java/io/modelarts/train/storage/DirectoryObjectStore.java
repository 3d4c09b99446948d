package io.modelarts.train.storage;

import io.modelarts.train.storage.LocalTree.LocalFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The embedded object store of the local backend: {@code obs://bucket/key} is the file
 * {@code <root>/bucket/key}. Writes create the bucket folder when needed, so a quick start needs
 * no setup; reading a bucket that has no folder is an error, as on a real store.
 *
 * <p>Objects only ever appear complete (written to a temporary name, then renamed), and symbolic
 * links inside the root are never followed, so no key reaches a file outside it.
 */
public final class DirectoryObjectStore extends BaseObjectStore {

    private final Path root;

    public DirectoryObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The file or folder that holds {@code uri}. */
    public Path pathOf(ObjectUri uri) {
        Path bucketDir = root.resolve(uri.bucket());
        String key = uri.key().endsWith("/") ? uri.key().substring(0, uri.key().length() - 1) : uri.key();
        // ObjectUri already refuses '..', '.', empty segments and backslashes; this is a second fence
        return key.isEmpty() ? bucketDir : ObjectKeys.resolveInside(bucketDir, key, uri.key());
    }

    @Override
    public List<ObjectInfo> list(ObjectUri location) {
        Path bucketDir = requireBucket(location);
        Path start = pathOf(location);
        List<ObjectInfo> found = new ArrayList<>();
        try {
            requireNoLinkBetween(bucketDir, start, location);
            BasicFileAttributes attrs = Files.readAttributes(start, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isRegularFile()) {
                if (!location.isFolder()) {
                    found.add(info(bucketDir, start, attrs));
                }
            } else if (attrs.isDirectory()) {
                Files.walkFileTree(start, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                        if (a.isRegularFile() && !AtomicFiles.isTemp(file)) {
                            found.add(info(bucketDir, file, a));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                        if (exc instanceof NoSuchFileException) {
                            return FileVisitResult.CONTINUE; // removed while listing
                        }
                        throw exc;
                    }
                });
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        } catch (IOException e) {
            throw new StorageException("cannot list " + location + " in the local store " + root + ": " + e.getMessage(), e);
        }
        found.sort(Comparator.comparing(ObjectInfo::key));
        return found;
    }

    @Override
    public void putFile(Path file, ObjectUri target) {
        Path destination = writablePath(target);
        try {
            writeAtomically(destination, temp -> Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING));
        } catch (NoSuchFileException e) {
            throw new StorageException("cannot upload " + file + ": it does not exist", e);
        } catch (IOException e) {
            throw writeFailure(target, e);
        }
    }

    @Override
    public void putBytes(ObjectUri target, byte[] bytes) {
        Path destination = writablePath(target);
        try {
            writeAtomically(destination, temp -> Files.write(temp, bytes));
        } catch (IOException e) {
            throw writeFailure(target, e);
        }
    }

    @Override
    public ObjectInfo getFile(ObjectUri source, Path file) {
        Path stored = readablePath(source);
        try {
            Files.copy(stored, file, StandardCopyOption.REPLACE_EXISTING);
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            return new ObjectInfo(source.key(), attrs.size(), null, attrs.lastModifiedTime().toInstant());
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(file);
            throw new StorageException("cannot copy " + source + " to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(ObjectUri source) {
        Path stored = readablePath(source);
        try {
            return Files.newInputStream(stored);
        } catch (IOException e) {
            throw new StorageException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // nothing held open
    }

    @Override
    public String toString() {
        return "DirectoryObjectStore[" + root + "]";
    }

    @Override
    protected List<UploadResult> uploadAll(List<Upload> uploads, Progress progress) {
        List<UploadResult> results = new ArrayList<>(uploads.size());
        for (Upload upload : uploads) {
            LocalFile file = upload.file();
            try {
                Path destination = writablePath(upload.target());
                writeAtomically(destination, temp -> {
                    Files.copy(file.path(), temp, StandardCopyOption.REPLACE_EXISTING);
                    // a copy taken while the file changed may be torn: keep the old object instead
                    if (changedSinceScan(file)) {
                        throw new IOException(file.path() + " changed while it was copied");
                    }
                });
                progress.add(file.size());
                results.add(UploadResult.ok(upload, null));
            } catch (StorageException e) {
                results.add(UploadResult.failed(upload, e));
            } catch (IOException e) {
                results.add(UploadResult.failed(upload, writeFailure(upload.target(), e)));
            }
        }
        return results;
    }

    @Override
    protected void downloadAll(List<Download> downloads, Progress progress) {
        for (Download d : downloads) {
            Path stored = readablePath(d.source());
            try {
                Files.createDirectories(d.target().getParent());
                writeAtomically(d.target(), temp -> Files.copy(stored, temp, StandardCopyOption.REPLACE_EXISTING));
            } catch (IOException e) {
                throw new StorageException("cannot download " + d.source() + " to " + d.target() + ": " + e.getMessage(), e);
            }
            progress.add(d.info().size());
        }
    }

    @Override
    protected boolean sameContent(LocalFile file, ObjectUri target, ObjectInfo stored) throws IOException {
        return Files.mismatch(file.path(), readablePath(target)) == -1L;
    }

    private interface Writer {
        void write(Path temp) throws IOException;
    }

    private static void writeAtomically(Path destination, Writer writer) throws IOException {
        Path temp = AtomicFiles.tempSibling(destination);
        try {
            writer.write(temp);
            AtomicFiles.moveIntoPlace(temp, destination);
        } finally {
            AtomicFiles.deleteQuietly(temp);
        }
    }

    private static ObjectInfo info(Path bucketDir, Path file, BasicFileAttributes attrs) {
        StringBuilder key = new StringBuilder();
        for (Path part : bucketDir.relativize(file)) {
            if (key.length() > 0) {
                key.append('/');
            }
            key.append(part);
        }
        return new ObjectInfo(key.toString(), attrs.size(), null, attrs.lastModifiedTime().toInstant());
    }

    private Path requireBucket(ObjectUri uri) {
        Path bucketDir = root.resolve(uri.bucket());
        if (!Files.isDirectory(bucketDir, LinkOption.NOFOLLOW_LINKS)) {
            throw new StorageException("bucket '" + uri.bucket() + "' does not exist (no folder "
                    + bucketDir + " in the local store)");
        }
        return bucketDir;
    }

    private Path readablePath(ObjectUri uri) {
        Path bucketDir = requireBucket(uri);
        Path path = pathOf(uri);
        try {
            requireNoLinkBetween(bucketDir, path, uri);
        } catch (NoSuchFileException e) {
            throw new StorageException(uri + " does not exist", e);
        } catch (IOException e) {
            throw new StorageException("cannot read " + uri + ": " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new StorageException(uri + " does not exist");
        }
        return path;
    }

    private Path writablePath(ObjectUri uri) {
        if (uri.isFolder()) {
            throw new StorageException("cannot store an object at " + uri + ": the location names a folder");
        }
        Path path = pathOf(uri);
        try {
            Files.createDirectories(path.getParent());
            requireNoLinkBetween(root.resolve(uri.bucket()), path.getParent(), uri);
        } catch (FileAlreadyExistsException e) {
            throw new StorageException("cannot store " + uri + ": a parent of it is already an object", e);
        } catch (IOException e) {
            throw writeFailure(uri, e);
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new StorageException("cannot store " + uri + ": objects already exist below it "
                    + "(the local store cannot hold both obs://.../x and obs://.../x/y)");
        }
        return path;
    }

    /** Refuses a symbolic link anywhere from the bucket folder down to {@code path}: it could point outside the root. */
    private static void requireNoLinkBetween(Path bucketDir, Path path, ObjectUri uri) throws IOException {
        Path current = path;
        while (current != null && current.startsWith(bucketDir)) {
            if (Files.isSymbolicLink(current)) {
                throw new StorageException("refusing " + uri + ": the local store has a symbolic link at " + current);
            }
            if (current.equals(bucketDir)) {
                break;
            }
            current = current.getParent();
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(path.toString());
        }
    }

    private StorageException writeFailure(ObjectUri uri, IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return new StorageException("cannot store " + uri + " in the local store " + root + ": " + fse.getReason(), e);
        }
        return new StorageException("cannot store " + uri + " in the local store " + root + ": " + e.getMessage(), e);
    }
}
