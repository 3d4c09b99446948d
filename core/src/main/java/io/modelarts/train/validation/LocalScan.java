package io.modelarts.train.validation;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;

/**
 * Counts files, bytes and folder depth of a local tree without following symbolic links, and stops
 * as soon as a limit is passed, so a huge tree costs no more than the limit. Never throws: unreadable
 * entries are skipped and the first failure is kept.
 */
final class LocalScan {

    /**
     * @param files     regular files and other non-folder entries (links counted as themselves)
     * @param bytes     their total size
     * @param tooDeep   the first folder found deeper than the depth limit, relative to the root, or null
     * @param stopped   true when counting stopped early because a limit was passed
     * @param failure   the first entry that could not be read, or null
     */
    record Result(long files, long bytes, String tooDeep, boolean stopped, String failure) {
    }

    private LocalScan() {
    }

    static Result scan(Path root, long maxBytes, long maxFiles, int maxDepth) {
        Path start = root;
        try {
            if (Files.isSymbolicLink(root)) {
                start = root.toRealPath(); // the folder the user named, but nothing below it is followed
            }
            if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
                long size = Files.size(start);
                return new Result(1, size, null, size > maxBytes || 1 > maxFiles, null);
            }
        } catch (IOException | SecurityException e) {
            return new Result(0, 0, null, false, describe(e));
        }
        Path base = start;
        long[] files = {0};
        long[] bytes = {0};
        String[] deep = {null};
        String[] failure = {null};
        boolean[] stopped = {false};
        int walkDepth = maxDepth == Integer.MAX_VALUE ? Integer.MAX_VALUE : maxDepth + 1;
        try {
            Files.walkFileTree(base, EnumSet.noneOf(FileVisitOption.class), walkDepth, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isDirectory()) {
                        // only folders at depth maxDepth + 1 arrive here: one level too deep
                        deep[0] = base.relativize(file).toString();
                        stopped[0] = true;
                        return FileVisitResult.TERMINATE;
                    }
                    files[0]++;
                    bytes[0] = saturatedAdd(bytes[0], Math.max(0, attrs.size()));
                    if (files[0] > maxFiles || bytes[0] > maxBytes) {
                        stopped[0] = true;
                        return FileVisitResult.TERMINATE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (failure[0] == null) {
                        failure[0] = base.relativize(file) + " (" + describe(e) + ")";
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | RuntimeException e) {
            if (failure[0] == null) {
                failure[0] = describe(e);
            }
        }
        return new Result(files[0], bytes[0], deep[0], stopped[0], failure[0]);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static String describe(Exception e) {
        String what = e.getClass().getSimpleName();
        return e.getMessage() == null ? what : what + ": " + e.getMessage();
    }
}
