package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.modelarts.train.plan.ChannelPlan;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.rules.ObjectPaths;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Output-path exclusivity between jobs: ModelArts refuses a job whose output path an active job already writes to.
 * Each Job carries its output folders in {@link KubernetesNames#OUTPUTS_ANNOTATION}; a submission compares its own
 * with those of the active Jobs of the namespace.
 *
 * <p>Two folders of a bucket overlap when one is the other or lies inside it. So that a submission need not look at
 * every Job of a namespace, the informer cache indexes each Job under {@link #indexKeys}: {@code at:} its folder, and
 * {@code in:} every folder that contains it (itself included). The Jobs that may overlap a folder are then those
 * {@code in:} it and those {@code at:} one of its enclosing folders, a few look-ups whatever the number of Jobs.
 */
final class OutputPaths {

    private static final String AT = "at:";
    private static final String IN = "in:";

    private OutputPaths() {
    }

    /** An output path as written and where it points. */
    private record Output(String text, ObjectPaths.Location location) {
    }

    private static List<Output> outputs(JobPlan plan) {
        List<Output> out = new ArrayList<>();
        for (ChannelPlan o : plan.outputs()) {
            ObjectPaths.Location l = ObjectPaths.parse(o.source().trim());
            if (l != null) {
                out.add(new Output(o.source().trim(), l));
            }
        }
        return out;
    }

    /** The plan's output folders, one {@code obs://bucket/folder/} per line, or null when it has none. */
    static String annotation(JobPlan plan) {
        List<String> lines = outputs(plan).stream().map(o -> "obs://" + o.location().bucket() + "/" + o.location().folder()).toList();
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    /**
     * The keys the informer cache indexes {@code job} under (see the class comment); none for a Job without outputs.
     * Whether the Job is still active is not part of them: that changes, and {@link #conflict} checks it.
     */
    static List<String> indexKeys(Job job) {
        Map<String, String> annotations = job.getMetadata() == null ? null : job.getMetadata().getAnnotations();
        String theirs = annotations == null ? null : annotations.get(KubernetesNames.OUTPUTS_ANNOTATION);
        if (theirs == null) {
            return List.of();
        }
        Set<String> keys = new LinkedHashSet<>();
        for (String line : theirs.split("\n")) {
            ObjectPaths.Location l = ObjectPaths.parse(line.trim());
            if (l != null) {
                keys.add(AT + l.bucket() + "/" + l.folder());
                for (String folder : enclosing(l.folder())) {
                    keys.add(IN + l.bucket() + "/" + folder);
                }
            }
        }
        return List.copyOf(keys);
    }

    /** {@code folder} and every folder it lies in: {@code a/b/} gives the bucket's root, {@code a/} and {@code a/b/}. */
    private static List<String> enclosing(String folder) {
        List<String> folders = new ArrayList<>();
        folders.add("");
        for (int slash = folder.indexOf('/'); slash >= 0; slash = folder.indexOf('/', slash + 1)) {
            folders.add(folder.substring(0, slash + 1));
        }
        return folders;
    }

    /**
     * As {@link #conflict(JobPlan, String, List)}, looking only at the Jobs {@code indexed} gives for the keys that can
     * overlap the plan's outputs ({@code indexed} answers a key of {@link #indexKeys} with the Jobs indexed under it).
     */
    static String conflict(JobPlan plan, String baseName, Function<String, List<Job>> indexed) {
        List<Output> mine = outputs(plan);
        Set<Job> seen = Collections.newSetFromMap(new IdentityHashMap<>()); // a Job's equals compares it whole
        for (Output o : mine) {
            String bucket = o.location().bucket() + "/";
            List<String> keys = new ArrayList<>();
            keys.add(IN + bucket + o.location().folder());
            for (String folder : enclosing(o.location().folder())) {
                keys.add(AT + bucket + folder);
            }
            for (String key : keys) {
                for (Job j : indexed.apply(key)) {
                    if (seen.add(j)) {
                        String why = conflict(mine, baseName, j);
                        if (why != null) {
                            return why;
                        }
                    }
                }
            }
        }
        return null;
    }

    /**
     * Why {@code plan} may not start next to {@code others} (an active Job writing to one of its output paths, or to a
     * folder around or inside one), or null. Jobs of the same submission, finished and deleted ones do not count.
     */
    static String conflict(JobPlan plan, String baseName, List<Job> others) {
        List<Output> mine = outputs(plan);
        if (mine.isEmpty()) {
            return null;
        }
        for (Job j : others) {
            String why = conflict(mine, baseName, j);
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    private static String conflict(List<Output> mine, String baseName, Job j) {
        Map<String, String> labels = j.getMetadata().getLabels() == null ? Map.of() : j.getMetadata().getLabels();
        Map<String, String> annotations = j.getMetadata().getAnnotations() == null ? Map.of() : j.getMetadata().getAnnotations();
        String theirs = annotations.get(KubernetesNames.OUTPUTS_ANNOTATION);
        if (theirs == null || baseName.equals(labels.get(KubernetesNames.JOB_LABEL)) || j.getMetadata().getDeletionTimestamp() != null
                || JobStatusMapper.condition(j, "Complete") != null || JobStatusMapper.condition(j, "Failed") != null) {
            return null;
        }
        for (String line : theirs.split("\n")) {
            ObjectPaths.Location other = ObjectPaths.parse(line.trim());
            for (Output o : mine) {
                if (other != null && o.location().overlaps(other)) {
                    String name = annotations.getOrDefault(KubernetesNames.NAME_ANNOTATION, j.getMetadata().getName());
                    return "output " + o.text() + " is written by the active job " + name + " (Kubernetes Job "
                            + j.getMetadata().getNamespace() + "/" + j.getMetadata().getName() + ", output " + line.trim()
                            + "); two running jobs may not share an output path: wait for it to end, stop it, or choose another path";
                }
            }
        }
        return null;
    }
}
