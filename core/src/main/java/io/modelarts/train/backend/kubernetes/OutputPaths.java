package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.modelarts.train.plan.ChannelPlan;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.rules.ObjectPaths;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Output-path exclusivity between jobs: ModelArts refuses a job whose output path an active job already writes to.
 * Each Job carries its output folders in {@link KubernetesNames#OUTPUTS_ANNOTATION}; a submission compares its own
 * with those of the active Jobs of the namespace.
 */
final class OutputPaths {

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
     * Why {@code plan} may not start next to {@code others} (an active Job writing to one of its output paths, or to a
     * folder around or inside one), or null. Jobs of the same submission, finished and deleted ones do not count.
     */
    static String conflict(JobPlan plan, String baseName, List<Job> others) {
        List<Output> mine = outputs(plan);
        if (mine.isEmpty()) {
            return null;
        }
        for (Job j : others) {
            Map<String, String> labels = j.getMetadata().getLabels() == null ? Map.of() : j.getMetadata().getLabels();
            Map<String, String> annotations = j.getMetadata().getAnnotations() == null ? Map.of() : j.getMetadata().getAnnotations();
            String theirs = annotations.get(KubernetesNames.OUTPUTS_ANNOTATION);
            if (theirs == null || baseName.equals(labels.get(KubernetesNames.JOB_LABEL)) || j.getMetadata().getDeletionTimestamp() != null
                    || JobStatusMapper.condition(j, "Complete") != null || JobStatusMapper.condition(j, "Failed") != null) {
                continue;
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
        }
        return null;
    }
}
