package io.modelarts.train.spec;

/**
 * An input or output channel. {@code predownload} is only meaningful for outputs: the output path's
 * content is copied into the local output directory before training starts (resumable training).
 * An input may name a {@code dataset} of the assets file instead of a {@code dataPath} ({@code datasetVersion}
 * optional); once resolved, {@code dataPath} is that version's path and the dataset stays named.
 */
public record DataChannel(String name, String dataPath, ObtainedFrom obtainedFrom, boolean predownload, String dataset,
                          String datasetVersion) {

    public DataChannel(String name, String dataPath, ObtainedFrom obtainedFrom, boolean predownload) {
        this(name, dataPath, obtainedFrom, predownload, null, null);
    }

    /** This channel reading {@code path}, the resolved version of its dataset. */
    public DataChannel withDatasetPath(String path, String version) {
        return new DataChannel(name, path, obtainedFrom, predownload, dataset, version);
    }

    public static final String DEFAULT_INPUT_NAME = "data_url";
    public static final String DEFAULT_OUTPUT_NAME = "train_url";

    public boolean isLocal() {
        return dataPath != null && !StoragePaths.isObjectPath(dataPath);
    }
}
