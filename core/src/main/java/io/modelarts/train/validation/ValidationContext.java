package io.modelarts.train.validation;

import io.modelarts.train.assets.AssetCatalog;
import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.rules.CodeDirLimits;

/**
 * What validation needs beyond the job itself: the pool catalog (null = no cluster, the local
 * backend: then {@code resources} may be omitted), whether the user holds the "highest job priority"
 * permission, the code-directory limits, whether local paths can be inspected from here, and the
 * assets file's saved algorithms and datasets (null = no assets file: a job referring to one is refused).
 */
public record ValidationContext(PoolCatalog catalog, boolean highestPriorityAllowed, CodeDirLimits codeDirLimits,
                                boolean checkLocalFiles, AssetCatalog assets) {

    public ValidationContext {
        codeDirLimits = codeDirLimits == null ? CodeDirLimits.DEFAULT : codeDirLimits;
    }

    public ValidationContext(PoolCatalog catalog, boolean highestPriorityAllowed, CodeDirLimits codeDirLimits, boolean checkLocalFiles) {
        this(catalog, highestPriorityAllowed, codeDirLimits, checkLocalFiles, null);
    }

    /** This context with the saved algorithms and datasets of an assets file. */
    public ValidationContext withAssets(AssetCatalog assetCatalog) {
        return new ValidationContext(catalog, highestPriorityAllowed, codeDirLimits, checkLocalFiles, assetCatalog);
    }

    /** No catalog, default limits, no highest-priority permission, local files checked. */
    public static ValidationContext local() {
        return new ValidationContext(null, false, CodeDirLimits.DEFAULT, true);
    }

    public static ValidationContext withCatalog(PoolCatalog catalog) {
        return new ValidationContext(catalog, false, CodeDirLimits.DEFAULT, true);
    }

    public ValidationContext allowingHighestPriority(boolean allowed) {
        return new ValidationContext(catalog, allowed, codeDirLimits, checkLocalFiles, assets);
    }

    public ValidationContext withCodeDirLimits(CodeDirLimits limits) {
        return new ValidationContext(catalog, highestPriorityAllowed, limits, checkLocalFiles, assets);
    }

    public ValidationContext withoutLocalFileChecks() {
        return new ValidationContext(catalog, highestPriorityAllowed, codeDirLimits, false, assets);
    }
}
