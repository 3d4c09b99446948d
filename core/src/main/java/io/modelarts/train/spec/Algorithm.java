package io.modelarts.train.spec;

/**
 * The algorithm part of a job: boot mode, image or engine, code directory and how to start it.
 * Fields are {@code null} when absent; {@link JobSpecLoader} fills the documented defaults.
 *
 * <p>{@code id} and {@code version} refer to a saved algorithm of the assets file ("My algorithms"):
 * before resolution the other fields are only what the job wrote beside them (no defaults, which lets
 * the resolver refuse them); after resolution they are the saved algorithm's, and {@code id} and
 * {@code version} say which one it was.
 */
public record Algorithm(
        BootMode bootMode,
        String image,
        String engine,
        String codeDir,
        String bootFile,
        String bootCommand,
        Integer userId,
        String localCodeDir,
        String workDir,
        String id,
        Integer version) {

    public static final int DEFAULT_USER_ID = 1000;
    public static final String DEFAULT_LOCAL_CODE_DIR = "/home/ma-user/modelarts/user-job-dir";

    /** A custom algorithm (no saved one). */
    public Algorithm(BootMode bootMode, String image, String engine, String codeDir, String bootFile, String bootCommand,
                     Integer userId, String localCodeDir, String workDir) {
        this(bootMode, image, engine, codeDir, bootFile, bootCommand, userId, localCodeDir, workDir, null, null);
    }

    /** True when the job refers to a saved algorithm. */
    public boolean isSaved() {
        return id != null;
    }

    /** This algorithm's fields, marked as saved algorithm {@code id} version {@code version}. */
    public Algorithm asSaved(String savedId, int savedVersion) {
        return new Algorithm(bootMode, image, engine, codeDir, bootFile, bootCommand, userId, localCodeDir, workDir, savedId, savedVersion);
    }

    /** True when the code directory is on this machine rather than in the object store. */
    public boolean hasLocalCodeDir() {
        return codeDir != null && !StoragePaths.isObjectPath(codeDir);
    }
}
