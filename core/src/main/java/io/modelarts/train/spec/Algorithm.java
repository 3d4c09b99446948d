package io.modelarts.train.spec;

/**
 * The algorithm part of a job: boot mode, image or engine, code directory and how to start it.
 * Fields are {@code null} when absent; {@link JobSpecLoader} fills the documented defaults.
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
        String workDir) {

    public static final int DEFAULT_USER_ID = 1000;
    public static final String DEFAULT_LOCAL_CODE_DIR = "/home/ma-user/modelarts/user-job-dir";

    /** True when the code directory is on this machine rather than in the object store. */
    public boolean hasLocalCodeDir() {
        return codeDir != null && !StoragePaths.isObjectPath(codeDir);
    }
}
