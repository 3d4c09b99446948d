package io.modelarts.train.backend.local;

import io.modelarts.train.storage.TransferReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Collection;
import java.util.stream.Stream;

/** File copying and deleting for the job directory. Symbolic links are never followed. */
final class LocalFiles {

    private LocalFiles() {
    }

    /**
     * Copies the directory {@code source} to {@code target} (created; existing files replaced).
     * Symbolic links are skipped, so nothing outside {@code source} is copied.
     */
    static TransferReport copyTree(Path source, Path target) {
        long t0 = System.nanoTime();
        if (!Files.isDirectory(source)) {
            throw new UncheckedIOException(new IOException(source + " does not exist or is not a directory"));
        }
        long[] counts = new long[2];
        try {
            Files.createDirectories(target);
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile()) {
                        Files.copy(file, target.resolve(source.relativize(file).toString()),
                                StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                        counts[0]++;
                        counts[1] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("copying " + source + " failed: " + describe(e), e));
        }
        return new TransferReport((int) counts[0], counts[1], 0, 0, Duration.ofNanos(System.nanoTime() - t0));
    }

    /** A directory's content into {@code targetDir}, or a single file as {@code targetDir/<its name>}. */
    static TransferReport copyInto(Path source, Path targetDir) {
        if (Files.isDirectory(source)) {
            return copyTree(source, targetDir);
        }
        long t0 = System.nanoTime();
        if (!Files.isRegularFile(source)) {
            throw new UncheckedIOException(new IOException(source + " does not exist"));
        }
        try {
            Files.createDirectories(targetDir);
            Files.copy(source, targetDir.resolve(source.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.COPY_ATTRIBUTES);
            return new TransferReport(1, Files.size(source), 0, 0, Duration.ofNanos(System.nanoTime() - t0));
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("copying " + source + " failed: " + describe(e), e));
        }
    }

    /** Creates {@code dir} when missing and deletes everything in it. */
    static void emptyDirectory(Path dir) {
        try {
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> children = Files.list(dir)) {
                    for (Path c : children.toList()) {
                        deleteTree(c);
                    }
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a file or a directory with everything below it; a missing path is fine. */
    static void deleteTree(Path path) {
        try {
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    if (exc instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw exc;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes everything below {@code root} except the paths in {@code keep} (and the folders leading to them). */
    static void deleteExcept(Path root, Collection<Path> keep) {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> children = Files.list(root)) {
            for (Path c : children.toList()) {
                if (keep.contains(c)) {
                    continue;
                }
                boolean ancestor = keep.stream().anyMatch(k -> k.startsWith(c))
                        && Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS);
                if (ancestor) {
                    deleteExcept(c, keep);
                } else {
                    deleteTree(c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + " does not exist";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
