package io.modelarts.train.engine;

import io.modelarts.train.plan.ChannelPlan;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.storage.ObjectUri;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded object store (a folder, {@code obs://bucket/key} being {@code <folder>/bucket/key}) refuses to list a
 * bucket that has no folder, as a real store refuses a missing bucket. Before a local run, the command line and the
 * Jenkins step create the folders of the buckets the job writes to (its outputs and its persistent log path), so
 * that a fresh store folder works without set-up. Buckets the job only reads are not created: a missing input is
 * the user's mistake and is reported as such.
 */
public final class LocalStoreBuckets {

    private LocalStoreBuckets() {
    }

    /**
     * Creates the folder of every bucket {@code plan} writes to under {@code storeRoot}. Locations that are not
     * well-formed object paths are skipped: validation reports them.
     *
     * @return the bucket folders, in the order the job names them
     * @throws EngineException naming the bucket, the location and the store folder when a folder cannot be created
     */
    public static List<Path> create(Path storeRoot, JobPlan plan) {
        Map<String, String> buckets = new LinkedHashMap<>(); // bucket -> the first location that names it
        for (ChannelPlan out : plan.outputs()) {
            addBucket(out.source(), buckets);
        }
        addBucket(plan.spec().persistentLogPath(), buckets);
        List<Path> folders = new ArrayList<>();
        for (Map.Entry<String, String> b : buckets.entrySet()) {
            Path folder = storeRoot.resolve(b.getKey());
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new EngineException("cannot create the folder of bucket '" + b.getKey() + "' (for " + b.getValue()
                        + ") in the local object store " + storeRoot + ": " + e, e);
            }
            folders.add(folder);
        }
        return folders;
    }

    private static void addBucket(String location, Map<String, String> buckets) {
        if (location == null || ObjectUri.problemWith(location.trim()) != null) {
            return;
        }
        buckets.putIfAbsent(ObjectUri.parse(location.trim()).bucket(), location.trim());
    }
}
