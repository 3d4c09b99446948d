package io.modelarts.train.validation;

import io.modelarts.train.pool.Pool;
import io.modelarts.train.pool.PoolType;
import io.modelarts.train.pool.Quantities;
import io.modelarts.train.rules.ProblemText;
import io.modelarts.train.spec.DataChannel;
import io.modelarts.train.spec.JobSpec;
import io.modelarts.train.spec.Resources;
import io.modelarts.train.spec.StoragePaths;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The resources section (feature inventory #26-#28, #30): pool, type, flavor and node count against the pool
 * catalog, the job priority, and "Check Input Size" (local inputs against the flavor's disk).
 */
final class ResourceChecks extends SectionChecks {

    static final int MAX_PRIORITY = 3;

    ResourceChecks(ValidationRun run) {
        super(run);
    }

    void resources() {
        Resources r = spec.resources();
        if (catalog() == null) {
            String nodes = r == null ? null : Resources.nodesProblem(r.nodes());
            if (nodes != null) {
                error("resources.nodes", nodes);
            }
            return;
        }
        if (r == null) {
            error("resources", "is required with a pool catalog: pool, type and flavor (" + knownPools() + ")");
            return;
        }
        if (isBlank(r.pool())) {
            error("resources.pool", "is required: " + knownPools());
        } else if (pool == null) {
            error("resources.pool", "pool '" + r.pool() + "' is not in the pool catalog; " + knownPools());
        }
        if (isBlank(r.flavor())) {
            error("resources.flavor", "is required" + (pool == null ? "" : ": " + flavorsOf(pool)));
        } else if (pool != null && flavor == null) {
            error("resources.flavor", "flavor '" + r.flavor() + "' is not in pool '" + pool.name() + "'; " + flavorsOf(pool));
        }
        if (r.type() == null) {
            String hint = flavor != null && flavor.type() != null ? " (flavor '" + flavor.id() + "' is " + flavor.type() + ")" : "";
            error("resources.type", "is required: CPU or GPU" + hint);
        } else if (flavor != null && flavor.type() != null && flavor.type() != r.type()) {
            error("resources.type", "is " + r.type() + " but flavor '" + flavor.id() + "' is a " + flavor.type() + " flavor");
        }
        String nodesProblem = Resources.nodesProblem(r.nodes());
        if (nodesProblem != null) {
            error("resources.nodes", nodesProblem);
        } else if (flavor != null && flavor.maxNodes() != null && r.nodes() > flavor.maxNodes()) {
            String why = flavor.maxNodes() == 1 ? "; it does not support distributed training" : "";
            error("resources.nodes", "must be at most " + flavor.maxNodes() + ", the maximum of flavor '" + flavor.id() + "'"
                    + why + " (got " + r.nodes() + ")");
        }
    }

    private String knownPools() {
        List<Pool> pools = catalog().pools();
        return pools.isEmpty() ? "the pool catalog defines no pools"
                : "known pools: " + pools.stream().map(p -> p.name() + (p.type() == null ? "" : " (" + p.type().yamlName() + ")"))
                .collect(Collectors.joining(", "));
    }

    private static String flavorsOf(Pool p) {
        return p.flavors().isEmpty() ? "pool '" + p.name() + "' has no flavors"
                : "its flavors: " + p.flavors().stream().map(f -> f.id() + (f.type() == null ? "" : " (" + f.type() + ")"))
                .collect(Collectors.joining(", "));
    }

    void priority() {
        int p = spec.priority();
        if (p < 1 || p > MAX_PRIORITY) {
            error("priority", "must be 1, 2 or 3 (got " + p + ")");
        } else if (pool != null && pool.type() == PoolType.PUBLIC && p != JobSpec.DEFAULT_PRIORITY) {
            error("priority", "must be 1 on " + poolDescription() + ": job priority can be set on dedicated pools only (got " + p + ")");
        } else if (p == MAX_PRIORITY && !ctx.highestPriorityAllowed()) {
            error("priority", "3 needs the \"highest job priority\" permission; without it use 1 or 2 (got 3)");
        } else if (pool != null && pool.type() != PoolType.PUBLIC && !pool.priorityClasses().containsKey(p)
                && (p != JobSpec.DEFAULT_PRIORITY || !pool.priorityClasses().isEmpty())) {
            // the renderer has no PriorityClass to give the pods: the level would be dropped without a word
            warning("priority", poolDescription() + " maps no PriorityClass to priority " + p
                    + " (pool catalog: priorityClasses), so it has no effect: the job runs at the cluster's default priority");
        }
    }

    void inputSizes() {
        if (!ctx.checkLocalFiles() || flavor == null || flavor.disk() == null) {
            return;
        }
        Long disk = Quantities.bytes(flavor.disk());
        if (disk == null) {
            return;
        }
        long total = 0;
        boolean warned = false;
        for (int i = 0; i < spec.inputs().size(); i++) {
            DataChannel in = spec.inputs().get(i);
            if (in == null || in.dataPath() == null || !in.isLocal() || StoragePaths.schemeOf(in.dataPath()) != null
                    || in.dataPath().indexOf('\0') >= 0) {
                continue;
            }
            Path local;
            try {
                local = Path.of(in.dataPath());
            } catch (InvalidPathException e) {
                continue;
            }
            if (!Files.exists(local, LinkOption.NOFOLLOW_LINKS) && !Files.exists(local)) {
                continue;
            }
            LocalScan.Result scan = LocalScan.scan(local, disk, Long.MAX_VALUE, Integer.MAX_VALUE);
            if (scan.bytes() > disk) {
                warning("inputs[" + i + "].dataPath", "is larger than the " + flavor.disk() + " disk of flavor '" + flavor.id()
                        + "' (more than " + ProblemText.bytes(scan.bytes()) + "); it may not fit on the node");
                warned = true;
            }
            total = total + scan.bytes() < 0 ? Long.MAX_VALUE : total + scan.bytes();
            if (total > disk) {
                break;
            }
        }
        if (!warned && total > disk) {
            warning("inputs", "together are larger than the " + flavor.disk() + " disk of flavor '" + flavor.id()
                    + "'; they may not fit on the node");
        }
    }
}
