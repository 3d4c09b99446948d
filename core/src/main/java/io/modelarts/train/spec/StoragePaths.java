package io.modelarts.train.spec;

import java.util.Locale;

/** Tells object-store paths ({@code obs://}, {@code s3://}) from local ones. */
public final class StoragePaths {

    private StoragePaths() {
    }

    public static boolean isObjectPath(String path) {
        if (path == null) {
            return false;
        }
        String p = path.trim().toLowerCase(Locale.ROOT);
        return p.startsWith("obs://") || p.startsWith("s3://");
    }
}
