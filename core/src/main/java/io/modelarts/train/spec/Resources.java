package io.modelarts.train.spec;

/** Where the job runs: a pool of the catalog, a flavor of that pool, and the number of compute nodes. */
public record Resources(String pool, ResourceType type, String flavor, int nodes) {
    public static final int DEFAULT_NODES = 1;

    /**
     * The most compute nodes one job may ask for, whatever the pool catalog says. ModelArts bounds
     * nodes by the flavor's {@code max_num}; without one this keeps a typo such as {@code 2147483647}
     * from making the renderer or the local backend allocate per node without end.
     */
    public static final int MAX_NODES = 1024;

    /** {@code null} when {@code nodes} is within 1-{@link #MAX_NODES}; the message otherwise. */
    public static String nodesProblem(int nodes) {
        if (nodes < 1) {
            return "must be at least 1 (got " + nodes + ")";
        }
        if (nodes > MAX_NODES) {
            return "must be at most " + MAX_NODES + ", the most compute nodes one job may use (got " + nodes + ")";
        }
        return null;
    }
}
