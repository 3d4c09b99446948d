package io.modelarts.train.assets;

import java.util.List;
import java.util.Optional;

/** A dataset of the assets file: its versions in the order written; the last one is the default. */
public record Dataset(String name, String description, List<Version> versions) {

    /** One version of a dataset and where its data lives. */
    public record Version(String version, String dataPath) {
    }

    public Dataset {
        versions = List.copyOf(versions);
    }

    public Optional<Version> version(String version) {
        return versions.stream().filter(v -> v.version().equals(version)).findFirst();
    }

    /** The version a job gets when it names none. */
    public Optional<Version> latest() {
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }
}
