package io.modelarts.train.storage;

import io.modelarts.train.rules.CodeDirLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Walks a local directory into the files to upload, with their relative object paths. */
final class LocalTree {

    private static final Logger LOG = LoggerFactory.getLogger(LocalTree.class);

    /** A regular file below the walked directory; {@code relative} uses {@code /} separators. */
    record LocalFile(String relative, Path path, long size, FileTime modified) {
    }

    private LocalTree() {
    }

    /**
     * Scans a code directory and refuses it, before anything is uploaded, when it breaks a limit.
     * Symbolic links are skipped: following them could upload files from outside the directory.
     */
    static List<LocalFile> scanCodeDirectory(Path dir, CodeDirLimits limits) {
        if (!Files.isDirectory(dir)) {
            throw new StorageException("code directory " + dir + " does not exist or is not a directory");
        }
        Walk walk;
        try {
            walk = new Walk(dir.toRealPath(), false);
            Files.walkFileTree(walk.root, walk);
        } catch (IOException e) {
            throw new StorageException("cannot read code directory " + dir + ": " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        if (walk.files.size() > limits.maxFiles()) {
            problems.add(String.format(Locale.ROOT, "has %,d files; at most %,d are allowed",
                    walk.files.size(), limits.maxFiles()));
        }
        if (walk.bytes > limits.maxBytes()) {
            problems.add(String.format(Locale.ROOT, "holds %s (%,d bytes); at most %s (%,d bytes) are allowed",
                    Sizes.human(walk.bytes), walk.bytes, Sizes.human(limits.maxBytes()), limits.maxBytes()));
        }
        if (walk.maxDepth > limits.maxDepth()) {
            problems.add(String.format(Locale.ROOT, "has folders %d levels deep (%s); at most %d levels are allowed",
                    walk.maxDepth, walk.deepest, limits.maxDepth()));
        }
        if (!problems.isEmpty()) {
            throw new StorageException("code directory " + dir + " " + String.join(", and ", problems));
        }
        return walk.sorted();
    }

    /**
     * Scans a directory another process may be writing to: files that vanish while walking are
     * left out instead of failing the scan. A missing directory is empty.
     */
    static List<LocalFile> scanTolerant(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        Walk walk;
        try {
            walk = new Walk(dir.toRealPath(), true);
            Files.walkFileTree(walk.root, walk);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new StorageException("cannot read directory " + dir + ": " + e.getMessage(), e);
        }
        return walk.sorted();
    }

    private static final class Walk extends SimpleFileVisitor<Path> {
        private final Path root;
        private final boolean tolerant;
        private final List<LocalFile> files = new ArrayList<>();
        private long bytes;
        private int maxDepth;
        private String deepest = "";

        Walk(Path root, boolean tolerant) {
            this.root = root;
            this.tolerant = tolerant;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            int depth = root.relativize(dir).toString().isEmpty() ? 0 : root.relativize(dir).getNameCount();
            if (depth > maxDepth) {
                maxDepth = depth;
                deepest = relative(dir);
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isSymbolicLink()) {
                LOG.warn("skipping symbolic link {}", file);
                return FileVisitResult.CONTINUE;
            }
            if (!attrs.isRegularFile()) {
                return FileVisitResult.CONTINUE;
            }
            String relative = relative(file);
            String problem = ObjectKeys.problemWithRelative(relative);
            if (problem != null) {
                throw new StorageException("cannot upload " + file + " as an object: " + problem);
            }
            files.add(new LocalFile(relative, file, attrs.size(), attrs.lastModifiedTime()));
            bytes += attrs.size();
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
            if (tolerant && exc instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
            }
            throw exc;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            if (exc != null && !(tolerant && exc instanceof NoSuchFileException)) {
                throw exc;
            }
            return FileVisitResult.CONTINUE;
        }

        private String relative(Path p) {
            // always '/' so keys look the same whatever the local file system
            StringBuilder s = new StringBuilder();
            for (Path part : root.relativize(p)) {
                if (s.length() > 0) {
                    s.append('/');
                }
                s.append(part);
            }
            return s.toString();
        }

        List<LocalFile> sorted() {
            files.sort(Comparator.comparing(LocalFile::relative));
            return files;
        }
    }
}
