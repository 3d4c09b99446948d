package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.modelarts.train.plan.ChannelPlan;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.validation.ObjectPaths;

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

    /** The plan's output folders, one {@code obs://bucket/folder/} per line, or null when it has none. */
    static String annotation(JobPlan plan) {
        List<String> lines = new ArrayList<>();
        for (ChannelPlan o : plan.outputs()) {
            ObjectPaths.Location l = ObjectPaths.parse(o.source().trim());
            if (l != null) {
                lines.add("obs://" + l.bucket() + "/" + l.folder());
            }
        }
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    /**
     * Why {@code plan} may not start next to {@code others} (an active Job writing to one of its output paths, or to a
     * folder around or inside one), or null. Jobs of the same submission, finished and deleted ones do not count.
     */
    static String conflict(JobPlan plan, String baseName, List<Job> others) {
        List<ObjectPaths.Location> mine = new ArrayList<>();
        List<String> mineText = new ArrayList<>();
        for (ChannelPlan o : plan.outputs()) {
            ObjectPaths.Location l = ObjectPaths.parse(o.source().trim());
            if (l != null) {
                mine.add(l);
                mineText.add(o.source().trim());
            }
        }
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
                for (int i = 0; other != null && i < mine.size(); i++) {
                    if (mine.get(i).overlaps(other)) {
                        String name = annotations.getOrDefault(KubernetesNames.NAME_ANNOTATION, j.getMetadata().getName());
                        return "output " + mineText.get(i) + " is written by the active job " + name + " (Kubernetes Job "
                                + j.getMetadata().getNamespace() + "/" + j.getMetadata().getName() + ", output " + line.trim()
                                + "); two running jobs may not share an output path: wait for it to end, stop it, or choose another path";
                    }
                }
            }
        }
        return null;
    }
}
