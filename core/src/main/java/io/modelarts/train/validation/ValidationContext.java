package io.modelarts.train.validation;

import io.modelarts.train.pool.PoolCatalog;

/**
 * What validation needs beyond the job itself: the pool catalog (null = no cluster, the local
 * backend: then {@code resources} may be omitted), whether the user holds the "highest job priority"
 * permission, the code-directory limits, and whether local paths can be inspected from here.
 */
public record ValidationContext(PoolCatalog catalog, boolean highestPriorityAllowed, CodeDirLimits codeDirLimits,
                                boolean checkLocalFiles) {

    public ValidationContext {
        codeDirLimits = codeDirLimits == null ? CodeDirLimits.DEFAULT : codeDirLimits;
    }

    /** No catalog, default limits, no highest-priority permission, local files checked. */
    public static ValidationContext local() {
        return new ValidationContext(null, false, CodeDirLimits.DEFAULT, true);
    }

    public static ValidationContext withCatalog(PoolCatalog catalog) {
        return new ValidationContext(catalog, false, CodeDirLimits.DEFAULT, true);
    }

    public ValidationContext allowingHighestPriority(boolean allowed) {
        return new ValidationContext(catalog, allowed, codeDirLimits, checkLocalFiles);
    }

    public ValidationContext withCodeDirLimits(CodeDirLimits limits) {
        return new ValidationContext(catalog, highestPriorityAllowed, limits, checkLocalFiles);
    }

    public ValidationContext withoutLocalFileChecks() {
        return new ValidationContext(catalog, highestPriorityAllowed, codeDirLimits, false);
    }
}
