package io.modelarts.train.rules;

/**
 * Limits of a code directory (ModelArts "Creating a Training Job": total size at most 5 GB,
 * at most 1,000 files, folder depth at most 32). Other ModelArts pages give other numbers, so
 * the limits are configurable; these are the defaults.
 */
public record CodeDirLimits(long maxBytes, int maxFiles, int maxDepth) {

    public static final CodeDirLimits DEFAULT = new CodeDirLimits(5L * 1000 * 1000 * 1000, 1000, 32);

    public CodeDirLimits {
        if (maxBytes < 0 || maxFiles < 0 || maxDepth < 0) {
            throw new IllegalArgumentException("code directory limits must not be negative");
        }
    }
}
