package io.modelarts.train.engine;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The artifacts folder of one run. A folder left by an earlier run of this tool (it holds a
 * {@value EffectiveSpecWriter#FILE_NAME}) is emptied first so that old outputs never mix with new ones;
 * any other non-empty folder is refused rather than touched.
 */
final class ArtifactsDirectory {

    private ArtifactsDirectory() {
    }

    static Path prepare(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        try {
            if (Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                    throw new EngineException("the artifacts path " + d + " exists and is not a folder");
                }
                if (!isEmpty(d)) {
                    if (!Files.isRegularFile(d.resolve(EffectiveSpecWriter.FILE_NAME), LinkOption.NOFOLLOW_LINKS)) {
                        throw new EngineException("the artifacts folder " + d + " is not empty and was not written by a previous run;"
                                + " choose an empty or new folder");
                    }
                    clear(d);
                }
            }
            Files.createDirectories(d);
            return d;
        } catch (IOException e) {
            throw new EngineException("cannot prepare the artifacts folder " + d + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEmpty(Path d) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
            return !s.iterator().hasNext();
        }
    }

    private static void clear(Path d) throws IOException {
        Files.walkFileTree(d, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                if (!dir.equals(d)) {
                    Files.delete(dir);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
