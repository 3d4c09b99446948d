package io.modelarts.train.storage;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Writing a file so that it only ever appears complete: write to a hidden temporary name in the
 * same folder, then rename. Readers (the training process, Jenkins archiving) never see half a file.
 */
public final class AtomicFiles {

    /** Temporary names start with this, so directory listings can leave them out. */
    public static final String TEMP_PREFIX = ".transfer-";

    private AtomicFiles() {
    }

    /** A fresh temporary path beside {@code target}. */
    public static Path tempSibling(Path target) {
        String name = target.getFileName().toString();
        // keep the name short: some file systems cap names at 255 bytes
        String stem = name.length() > 64 ? name.substring(0, 64) : name;
        return target.resolveSibling(TEMP_PREFIX + stem + "." + UUID.randomUUID().toString().substring(0, 8) + ".part");
    }

    public static boolean isTemp(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(TEMP_PREFIX) && name.endsWith(".part");
    }

    /** Renames {@code temp} to {@code target}, replacing it; atomically where the file system can. */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: a leftover temporary name is harmless and never mistaken for the real file
        }
    }
}
