package io.modelarts.train.backend.kubernetes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubernetesNamesTest {

    @Test
    void modelartsNamesBecomeDnsLabelsWithAStableHash() {
        String name = KubernetesNames.jobName("Mnist_Demo");
        assertThat(name).matches("mnist-demo-[a-z0-9]{6}");
        assertThat(KubernetesNames.isDnsLabel(name)).isTrue();
        assertThat(KubernetesNames.jobName("Mnist_Demo")).isEqualTo(name);
        // names that sanitize alike stay apart
        assertThat(KubernetesNames.jobName("mnist-demo")).startsWith("mnist-demo-").isNotEqualTo(name);
        assertThat(KubernetesNames.jobName("MNIST_DEMO")).isNotEqualTo(name);
    }

    @Test
    void oddNamesStillGiveValidLabels() {
        for (String n : new String[] {"_x", "-", "__--__", "123", "a", "A-B_C", "x".repeat(64), "9_lives", "job.v2 final!"}) {
            String k = KubernetesNames.jobName(n);
            assertThat(KubernetesNames.isDnsLabel(k)).as(n + " -> " + k).isTrue();
            assertThat(k.length()).isLessThanOrEqualTo(KubernetesNames.MAX_BASE_LENGTH);
            assertThat(Character.isLetter(k.charAt(0))).as(k).isTrue();
        }
        assertThat(KubernetesNames.jobName("job.v2 final!")).startsWith("jobv2final-");
        assertThatThrownBy(() -> KubernetesNames.jobName("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostAndPodNamesOfTheLongestNameFitInALabel() {
        String base = KubernetesNames.jobName("a_very_long_training_job_name_that_uses_all_sixty_four_characters");
        String lastAttempt = KubernetesNames.attemptName(base, 3);
        String index = "9999";
        String host = KubernetesNames.workerHost(lastAttempt, 9999);
        assertThat(host).isEqualTo(lastAttempt + "-" + index + "." + lastAttempt);
        assertThat(host.length()).isLessThanOrEqualTo(63);
        assertThat((lastAttempt + "-" + index + "-abcde").length()).isLessThanOrEqualTo(63);
        assertThat(KubernetesNames.isDnsLabel(lastAttempt)).isTrue();
    }

    @Test
    void attemptsAfterTheFirstCarryTheirNumber() {
        assertThat(KubernetesNames.attemptName("job-abc123", 1)).isEqualTo("job-abc123");
        assertThat(KubernetesNames.attemptName("job-abc123", 2)).isEqualTo("job-abc123-r2");
        assertThat(KubernetesNames.worker(3)).isEqualTo("worker-3");
        assertThatThrownBy(() -> KubernetesNames.attemptName("j", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachSubmissionOfAJobGetsItsOwnNameAndARetryTheSameOne() {
        String build1 = KubernetesNames.jobName("nightly", "job/train#41#7");
        String build2 = KubernetesNames.jobName("nightly", "job/train#42#7");
        assertThat(build1).isNotEqualTo(build2).startsWith("nightly-");
        assertThat(KubernetesNames.jobName("nightly", "job/train#41#7")).isEqualTo(build1);
        assertThat(KubernetesNames.jobName("nightly", null)).isEqualTo(KubernetesNames.jobName("nightly"))
                .isEqualTo(KubernetesNames.jobName("nightly", ""));
        assertThat(KubernetesNames.isDnsLabel(build1)).isTrue();
    }
}
