package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.modelarts.train.plan.JobPlan;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The output-path check looked up through the informer's index gives what comparing every Job gives, and looks at the
 * Jobs near the plan's outputs only.
 */
class OutputPathsTest {

    private static JobPlan planWritingTo(String... outputs) {
        String yaml = KubeFixtures.SINGLE.replace("obs://bucket/output/", outputs[0]);
        for (int i = 1; i < outputs.length; i++) {
            yaml = yaml.replace("outputs:\n", "outputs:\n  - name: out" + i + "\n    dataPath: " + outputs[i] + "\n");
        }
        return KubeFixtures.plan(yaml);
    }

    private static JobBuilder job(String name, String outputs) {
        return new JobBuilder().withNewMetadata().withName(name).withNamespace("team")
                .addToLabels(KubernetesNames.JOB_LABEL, name)
                .addToAnnotations(KubernetesNames.NAME_ANNOTATION, name.toUpperCase())
                .addToAnnotations(KubernetesNames.OUTPUTS_ANNOTATION, outputs).endMetadata();
    }

    /** What the informer's indexer holds for {@code jobs}, as a look-up; counts the Jobs it hands out. */
    private static Function<String, List<Job>> index(List<Job> jobs, AtomicInteger handedOut) {
        Map<String, List<Job>> byKey = new HashMap<>();
        for (Job j : jobs) {
            for (String key : OutputPaths.indexKeys(j)) {
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(j);
            }
        }
        return key -> {
            List<Job> found = byKey.getOrDefault(key, List.of());
            handedOut.addAndGet(found.size());
            return found;
        };
    }

    private static String[] both(JobPlan plan, List<Job> others) {
        return new String[]{OutputPaths.conflict(plan, "mine", others), OutputPaths.conflict(plan, "mine", index(others, new AtomicInteger()))};
    }

    @ParameterizedTest
    @CsvSource({
            "obs://bucket/output/, obs://bucket/output/, true",
            "obs://bucket/output/, obs://bucket/output/run-2/, true",
            "obs://bucket/output/run-2/, obs://bucket/output/, true",
            "obs://bucket/output/a/b/, obs://bucket/output/, true",
            "obs://bucket/output/, obs://bucket/, true",
            "obs://bucket/, obs://bucket/output/a/, true",
            "s3://bucket/output/, obs://bucket/output/, true",
            "obs://bucket/output/, obs://bucket/out/, false",
            "obs://bucket/output/, obs://bucket/output-2/, false",
            "obs://bucket/out/, obs://bucket/output/, false",
            "obs://bucket/output/, obs://other/output/, false",
    })
    void theIndexFindsWhatTheScanFinds(String mine, String theirs, boolean conflict) {
        JobPlan plan = planWritingTo(mine);
        List<Job> others = List.of(job("unrelated", "obs://elsewhere/x/").build(),
                job("theirs", "obs://else/y/\n" + theirs).build());

        String[] found = both(plan, others);

        assertThat(found[1]).isEqualTo(found[0]);
        if (conflict) {
            assertThat(found[1]).isEqualTo("output " + mine + " is written by the active job THEIRS (Kubernetes Job team/theirs, output "
                    + theirs + "); two running jobs may not share an output path: wait for it to end, stop it, or choose another path");
        } else {
            assertThat(found[1]).isNull();
        }
    }

    @Test
    void finishedDeletedAndSameSubmissionJobsDoNotCount() {
        JobPlan plan = planWritingTo("obs://bucket/output/");
        List<Job> others = List.of(
                job("complete", "obs://bucket/output/").withNewStatus().addNewCondition().withType("Complete").withStatus("True").endCondition()
                        .endStatus().build(),
                job("failed", "obs://bucket/output/a/").withNewStatus().addNewCondition().withType("Failed").withStatus("True").endCondition()
                        .endStatus().build(),
                job("deleting", "obs://bucket/").editMetadata().withDeletionTimestamp("2026-12-03T10:00:00Z").endMetadata().build(),
                job("mine", "obs://bucket/output/").build());

        assertThat(both(plan, others)).containsOnlyNulls();

        List<Job> withActive = new ArrayList<>(others);
        withActive.add(job("active", "obs://bucket/output/").withNewStatus().addNewCondition().withType("Complete").withStatus("False")
                .endCondition().endStatus().build());
        assertThat(both(plan, withActive)).allSatisfy(why -> assertThat(why).contains("active job ACTIVE"));
    }

    @Test
    void everyOutputOfThePlanIsChecked() {
        JobPlan plan = planWritingTo("obs://bucket/free/", "obs://bucket/taken/model/");
        List<Job> others = List.of(job("theirs", "obs://bucket/taken/").build());

        assertThat(both(plan, others)).allSatisfy(why -> assertThat(why).startsWith("output obs://bucket/taken/model/ is written by"));
    }

    @Test
    void theIndexHandsOutOnlyTheJobsNearThePlansOutputs() {
        List<Job> others = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            others.add(job("job-" + i, "obs://bucket/output-" + i + "/").build());
        }
        others.add(job("around", "obs://bucket/team/").build());
        AtomicInteger handedOut = new AtomicInteger();
        Function<String, List<Job>> index = index(others, handedOut);

        assertThat(OutputPaths.conflict(planWritingTo("obs://bucket/output-x/"), "mine", index)).isNull();
        assertThat(handedOut).hasValue(0);
        assertThat(OutputPaths.conflict(planWritingTo("obs://bucket/team/run-1/"), "mine", index)).contains("active job AROUND");
        assertThat(handedOut).hasValue(1);
    }
}
