package io.jenkins.plugins.modelarts;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A submission request as persisted with a running step: the job-file tree of the step parameters (maps, lists
 * and scalars only) and the plugin's own parameters. Small and serializable; a plain class rather than a record,
 * since Pipeline persists step state with JBoss Marshalling, whose record support is recent.
 */
final class StepRequest implements Serializable {
    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, Object> tree;
    private final String file;
    private final String archive;
    private final String cluster;
    private final String backend;
    /** Added later: null in requests persisted before (Java serialization leaves a new field at its default). */
    private final String assets;
    /** What a failed gate does to the build: {@code UNSTABLE} (null) or {@code FAILURE}. */
    private final String gateResult;

    /**
     * @param tree     the contract fields given as parameters, job-file shaped
     * @param file     a job file in the workspace that {@code tree} overrides, or null
     * @param archive  glob of output files to keep and archive, or null for all
     * @param cluster  name of a configured cluster, or null for the first one
     * @param backend  {@code kubernetes} or {@code local}, or null for the default
     */
    @SuppressWarnings("unchecked")
    StepRequest(Map<String, Object> tree, String file, String archive, String cluster, String backend) {
        this(tree, file, archive, cluster, backend, null);
    }

    /** @param assets an assets file in the workspace (saved algorithms and datasets), or null */
    @SuppressWarnings("unchecked")
    StepRequest(Map<String, Object> tree, String file, String archive, String cluster, String backend, String assets) {
        this(tree, file, archive, cluster, backend, assets, null);
    }

    /** @param gateResult {@code UNSTABLE} (or null) or {@code FAILURE}: the build's result when the gate fails */
    @SuppressWarnings("unchecked")
    StepRequest(Map<String, Object> tree, String file, String archive, String cluster, String backend, String assets,
                String gateResult) {
        this.tree = tree == null ? new LinkedHashMap<>() : (LinkedHashMap<String, Object>) Trees.serializableCopy(tree);
        this.file = file;
        this.archive = archive;
        this.cluster = cluster;
        this.backend = backend;
        this.assets = assets;
        this.gateResult = gateResult;
    }

    Map<String, Object> tree() {
        return tree;
    }

    String file() {
        return file;
    }

    String archive() {
        return archive;
    }

    String cluster() {
        return cluster;
    }

    String backend() {
        return backend;
    }

    String assets() {
        return assets;
    }

    String gateResult() {
        return gateResult;
    }
}
