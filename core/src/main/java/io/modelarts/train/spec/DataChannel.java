package io.modelarts.train.spec;

/**
 * An input or output channel. {@code predownload} is only meaningful for outputs: the output path's
 * content is copied into the local output directory before training starts (resumable training).
 */
public record DataChannel(String name, String dataPath, ObtainedFrom obtainedFrom, boolean predownload) {

    public static final String DEFAULT_INPUT_NAME = "data_url";
    public static final String DEFAULT_OUTPUT_NAME = "train_url";

    public boolean isLocal() {
        return dataPath != null && !StoragePaths.isObjectPath(dataPath);
    }
}
