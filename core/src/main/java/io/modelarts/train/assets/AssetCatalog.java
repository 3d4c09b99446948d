package io.modelarts.train.assets;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The saved algorithms (every version of each) and datasets of one assets file. */
public record AssetCatalog(List<SavedAlgorithm> algorithms, List<Dataset> datasets) {

    public static final AssetCatalog EMPTY = new AssetCatalog(List.of(), List.of());

    public AssetCatalog {
        algorithms = List.copyOf(algorithms);
        datasets = List.copyOf(datasets);
    }

    /** Every version of algorithm {@code id}, lowest first. */
    public List<SavedAlgorithm> versionsOf(String id) {
        return algorithms.stream().filter(a -> a.id().equals(id)).sorted(Comparator.comparingInt(SavedAlgorithm::version)).toList();
    }

    /** Version {@code version} of {@code id}, or its highest version when {@code version} is null. */
    public Optional<SavedAlgorithm> algorithm(String id, Integer version) {
        List<SavedAlgorithm> all = versionsOf(id);
        if (version == null) {
            return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
        }
        return all.stream().filter(a -> a.version() == version).findFirst();
    }

    /** The distinct algorithm ids, in the order first written. */
    public List<String> algorithmIds() {
        return algorithms.stream().map(SavedAlgorithm::id).distinct().toList();
    }

    /**
     * This catalog with {@code over}'s entries on top: an algorithm version or a dataset that {@code over} defines
     * too is replaced by {@code over}'s, the others are kept, and {@code over}'s new ones are added (Jenkins: the
     * global configuration's assets under a step's assets file).
     */
    public AssetCatalog overriddenBy(AssetCatalog over) {
        if (over == null) {
            return this;
        }
        List<SavedAlgorithm> algos = new ArrayList<>();
        for (SavedAlgorithm a : algorithms) {
            if (over.algorithms.stream().noneMatch(o -> o.id().equals(a.id()) && o.version() == a.version())) {
                algos.add(a);
            }
        }
        algos.addAll(over.algorithms);
        List<Dataset> sets = new ArrayList<>();
        for (Dataset d : datasets) {
            if (over.dataset(d.name()).isEmpty()) {
                sets.add(d);
            }
        }
        sets.addAll(over.datasets);
        return new AssetCatalog(algos, sets);
    }

    public Optional<Dataset> dataset(String name) {
        return datasets.stream().filter(d -> d.name().equals(name)).findFirst();
    }
}
