package io.modelarts.train.spec;

/** Where the job runs: a pool of the catalog, a flavor of that pool, and the number of compute nodes. */
public record Resources(String pool, ResourceType type, String flavor, int nodes) {
    public static final int DEFAULT_NODES = 1;
}
