package io.modelarts.train.storage;

import java.nio.file.Path;

/**
 * Maps object keys to local files without ever leaving the target directory. Keys come from a
 * store that someone else may write to, so a key like {@code out/../../home/x} or
 * {@code out//etc/passwd} must be refused rather than normalised.
 */
public final class ObjectKeys {

    private ObjectKeys() {
    }

    /**
     * Returns null when {@code relative} is a safe relative path of {@code /}-separated segments,
     * otherwise what is wrong with it.
     */
    public static String problemWithRelative(String relative) {
        if (relative.isEmpty()) {
            return "the path is empty";
        }
        if (relative.startsWith("/")) {
            return "the path is absolute";
        }
        if (relative.indexOf('\\') >= 0) {
            return "the path contains a backslash";
        }
        if (relative.indexOf('\0') >= 0) {
            return "the path contains a NUL character";
        }
        // "C:x" would be a drive-relative path on Windows
        if (relative.length() >= 2 && relative.charAt(1) == ':' && Character.isLetter(relative.charAt(0))) {
            return "the path starts with a drive letter";
        }
        for (String segment : relative.split("/", -1)) {
            if (segment.isEmpty()) {
                return "the path has an empty segment ('//')";
            }
            if (segment.equals("..")) {
                return "the path has a '..' segment";
            }
            if (segment.equals(".")) {
                return "the path has a '.' segment";
            }
        }
        return null;
    }

    /**
     * The part of {@code key} below {@code folderPrefix} (which is empty or ends with {@code /}).
     */
    public static String relativeKey(String folderPrefix, String key) {
        if (!key.startsWith(folderPrefix)) {
            throw new IllegalArgumentException("key " + key + " is not below " + folderPrefix);
        }
        return key.substring(folderPrefix.length());
    }

    /**
     * Where an object listed under {@code location} goes relative to a download folder: its path
     * below the folder, or its own name when the location names that very object.
     */
    public static String relativeTo(ObjectUri location, String key) {
        return location.isFolder() || !key.equals(location.key())
                ? relativeKey(location.folderPrefix(), key)
                : location.name();
    }

    /**
     * Resolves a relative object path inside {@code targetDir}, refusing anything that could land
     * outside it.
     *
     * @param displayKey the full key, named in the error message
     */
    public static Path resolveInside(Path targetDir, String relative, String displayKey) {
        String problem = problemWithRelative(relative);
        if (problem != null) {
            throw new StorageException("refusing object key '" + displayKey + "': it would not stay inside "
                    + targetDir + " (" + problem + ")");
        }
        Path base = targetDir.toAbsolutePath().normalize();
        Path resolved = base.resolve(relative).normalize();
        if (!resolved.startsWith(base) || resolved.equals(base)) {
            throw new StorageException("refusing object key '" + displayKey + "': it would land outside " + targetDir);
        }
        return resolved;
    }
}
