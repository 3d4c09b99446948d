package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.plan.PathMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class KubernetesRendererTest {

    private final KubernetesRenderer renderer = new KubernetesRenderer(KubeFixtures.catalog());

    static String fixture(String name) {
        return switch (name) {
            case "single" -> KubeFixtures.SINGLE;
            case "multi" -> KubeFixtures.MULTI;
            case "kueue" -> KubeFixtures.KUEUE;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /**
     * The rendered YAML is compared byte for byte with {@code src/test/resources/golden/kubernetes-<name>.yaml}.
     * After a deliberate change, regenerate with {@code -Dgolden.update=true}: that run rewrites the files and fails
     * on purpose (an update never passes as a test run), then review the diff and run the tests again without it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"single", "multi", "kueue"})
    void renderMatchesTheGoldenFile(String name) throws IOException {
        byte[] yaml = renderer.renderYaml(KubeFixtures.plan(fixture(name))).getBytes(StandardCharsets.UTF_8);
        String file = "kubernetes-" + name + ".yaml";
        if (Boolean.getBoolean("golden.update")) {
            Path dir = Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "golden");
            Files.createDirectories(dir);
            Files.write(dir.resolve(file), yaml);
            fail("golden file " + file + " rewritten (-Dgolden.update=true): review the diff, then run again without it");
        }
        byte[] golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/" + file)) {
            assertThat(in).as("golden file " + file + " (create it with -Dgolden.update=true)").isNotNull();
            golden = in.readAllBytes();
        }
        assertThat(new String(yaml, StandardCharsets.UTF_8)).isEqualTo(new String(golden, StandardCharsets.UTF_8));
        assertThat(yaml).isEqualTo(golden);
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "multi", "kueue"})
    void renderingIsDeterministic(String name) {
        String first = renderer.renderYaml(KubeFixtures.plan(fixture(name)));
        // a new catalog, a new plan, a new renderer: the same bytes
        String second = new KubernetesRenderer(KubeFixtures.catalog()).renderYaml(KubeFixtures.plan(fixture(name)));
        assertThat(second).isEqualTo(first);
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "multi", "kueue"})
    void noCredentialAppearsInAnyRenderedObject(String name) {
        JobPlan plan = KubeFixtures.plan(fixture(name));
        List<HasMetadata> objects = renderer.render(plan);
        assertThat(objects).noneMatch(o -> o.getKind().equals("Secret"));
        Pattern sensitive = Pattern.compile("(?i).*(secret|access_?key|password|token|credential).*");
        for (HasMetadata o : objects) {
            if (!(o instanceof Job job)) {
                continue;
            }
            PodSpec spec = job.getSpec().getTemplate().getSpec();
            for (Container c : allContainers(spec)) {
                for (EnvVar e : c.getEnv()) {
                    if (sensitive.matcher(e.getName()).matches()) {
                        assertThat(e.getValue()).as(c.getName() + " " + e.getName()).isNull();
                        assertThat(e.getValueFrom().getSecretKeyRef()).as(c.getName() + " " + e.getName()).isNotNull();
                        assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(KubeFixtures.SECRET);
                    }
                }
            }
        }
        String yaml = KubernetesRenderer.toYaml(objects);
        assertThat(yaml).contains("secretKeyRef").doesNotContainPattern("(?i)aws_secret_access_key\"?:\\s*\"?[A-Za-z0-9/+]{20,}");
    }

    @Test
    void singleNodeJob() {
        List<HasMetadata> objects = renderer.render(KubeFixtures.plan(KubeFixtures.SINGLE));
        assertThat(objects).hasSize(1);
        Job job = (Job) objects.get(0);
        String name = KubernetesNames.jobName("Mnist_Demo");
        assertThat(job.getMetadata().getName()).isEqualTo(name);
        assertThat(job.getMetadata().getNamespace()).isEqualTo("ml-train");
        assertThat(job.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "modelarts-train")
                .containsEntry("modelarts-train/job", name).containsEntry("modelarts-train/attempt", "1");
        assertThat(job.getMetadata().getAnnotations()).containsEntry("modelarts-train/name", "Mnist_Demo")
                .containsKey("modelarts-train/spec-hash");
        assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getBackoffLimitPerIndex()).isNull();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(7200L);
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);
        assertThat(job.getSpec().getSuspend()).isNull();
        assertThat(job.getSpec().getPodFailurePolicy().getRules()).singleElement()
                .satisfies(r -> assertThat(r.getAction()).isEqualTo("Ignore"));

        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSubdomain()).isNull();
        assertThat(pod.getPriorityClassName()).isEqualTo("train-low");
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(100L);
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(100L);
        assertThat(pod.getNodeSelector()).containsExactly(Map.entry("gpu-type", "v100"), Map.entry("pool", "gpu"), Map.entry("zone", "a"));
        assertThat(pod.getTolerations()).extracting(t -> t.getKey()).containsExactly("dedicated", "nvidia.com/gpu");
        assertThat(pod.getInitContainers()).extracting(Container::getName).containsExactly("download", "output-sync");
        assertThat(pod.getInitContainers().get(0).getRestartPolicy()).isNull();
        assertThat(pod.getInitContainers().get(1).getRestartPolicy()).isEqualTo("Always");
        assertThat(pod.getInitContainers()).allSatisfy(c -> assertThat(c.getImage()).isEqualTo("registry.example.com/tools/rclone:1.68"));

        Container train = pod.getContainers().get(0);
        assertThat(train.getName()).isEqualTo("train");
        assertThat(train.getImage()).isEqualTo("registry.example.com/team/pytorch:2.3");
        assertThat(train.getCommand()).containsExactly("/bin/sh", "-c");
        JobPlan plan = KubeFixtures.plan(KubeFixtures.SINGLE);
        assertThat(train.getArgs().get(0)).contains(plan.commandLine(PathMapper.IDENTITY, "python"));
        assertThat(train.getResources().getLimits()).containsEntry("cpu", new Quantity("8")).containsEntry("memory", new Quantity("64Gi"))
                .containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(train.getResources().getRequests()).isEqualTo(train.getResources().getLimits());
        Map<String, EnvVar> env = env(train);
        assertThat(env.get("VC_TASK_INDEX").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
        assertThat(env.get("RANK").getValueFrom().getFieldRef().getFieldPath()).isEqualTo(env.get("VC_TASK_INDEX").getValueFrom().getFieldRef().getFieldPath());
        assertThat(env.get("MA_CURRENT_IP").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
        assertThat(env.get("VC_WORKER_HOSTS").getValue()).isEqualTo(name + "-0");
        assertThat(env.get("MASTER_ADDR").getValue()).isEqualTo(name + "-0");
        assertThat(env.get("MASTER_PORT").getValue()).isEqualTo("6666");
        assertThat(env.get("WORLD_SIZE").getValue()).isEqualTo("1");
        assertThat(env.get("MA_NUM_GPUS").getValue()).isEqualTo("1");
        assertThat(env.get("LOG_LEVEL").getValue()).isEqualTo("info");
        Volume cache = pod.getVolumes().stream().filter(v -> v.getName().equals("cache")).findFirst().orElseThrow();
        assertThat(cache.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("800Gi"));
        assertThat(train.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("cache");
            assertThat(m.getMountPath()).isEqualTo("/cache");
        });
    }

    @Test
    void multiNodeJobWithStorage() {
        List<HasMetadata> objects = renderer.render(KubeFixtures.plan(KubeFixtures.MULTI));
        assertThat(objects).hasSize(2);
        Job job = (Job) objects.get(0);
        Service svc = (Service) objects.get(1);
        String name = KubernetesNames.jobName("resnet_dist");
        assertThat(job.getSpec().getCompletions()).isEqualTo(4);
        assertThat(job.getSpec().getParallelism()).isEqualTo(4);
        assertThat(job.getMetadata().getAnnotations()).containsEntry("modelarts-train/attempts", "3").containsEntry("modelarts-train/nodes", "4");
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getSubdomain()).isEqualTo(name);
        assertThat(pod.getPriorityClassName()).isEqualTo("train-normal");
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1001L);
        assertThat(svc.getMetadata().getName()).isEqualTo(name);
        assertThat(svc.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(svc.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(svc.getSpec().getSelector()).containsEntry("modelarts-train/job", name).containsEntry("modelarts-train/attempt", "1");
        assertThat(svc.getMetadata().getOwnerReferences()).isNullOrEmpty(); // set by the backend once the Job's uid is known

        Container train = pod.getContainers().get(0);
        Map<String, EnvVar> env = env(train);
        assertThat(env.get("VC_WORKER_HOSTS").getValue()).isEqualTo(String.join(",",
                name + "-0." + name, name + "-1." + name, name + "-2." + name, name + "-3." + name));
        assertThat(env.get("MASTER_ADDR").getValue()).isEqualTo(name + "-0." + name);
        assertThat(env.get("WORLD_SIZE").getValue()).isEqualTo("4");
        assertThat(env.get("data_url").getValue()).isEqualTo("/home/ma-user/modelarts/inputs/data_url_0");
        // ${...} is not expanded by Kubernetes: such variables are exported by the shell
        assertThat(env).doesNotContainKey("PYTHONPATH");
        assertThat(train.getArgs().get(0)).contains("export PYTHONPATH=/home/ma-user/modelarts/user-job-dir:\"${PYTHONPATH}\"");
        assertThat(train.getArgs().get(0)).contains("exec python /home/ma-user/modelarts/user-job-dir/resnet/train.py --train_url=");
        assertThat(train.getImage()).isEqualTo("registry.example.com/preset/pytorch:2.3");

        Volume nfs = pod.getVolumes().stream().filter(v -> v.getName().equals("sfs-0")).findFirst().orElseThrow();
        assertThat(nfs.getNfs().getServer()).isEqualTo("10.0.0.5");
        assertThat(nfs.getNfs().getPath()).isEqualTo("/export/data");
        Volume pfs = pod.getVolumes().stream().filter(v -> v.getName().equals("pfs-0")).findFirst().orElseThrow();
        assertThat(pfs.getPersistentVolumeClaim().getClaimName()).isEqualTo("pfs-a-pvc");
        assertThat(train.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/mnt/sfs-a"))
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/mnt/pfs"));
        // no predownload, but code and inputs: download; outputs and persistent logs: sidecar
        assertThat(pod.getInitContainers()).extracting(Container::getName).containsExactly("download", "output-sync");
        assertThat(pod.getInitContainers().get(1).getArgs().get(0)).contains("rclone copy \"$LOG_FILE\" obs:bucket/logs/");
    }

    @Test
    void kueuePoolLabelsTheJobAndCreatesItSuspended() {
        Job job = (Job) renderer.render(KubeFixtures.plan(KubeFixtures.KUEUE)).get(0);
        assertThat(job.getMetadata().getLabels()).containsEntry("kueue.x-k8s.io/queue-name", "team-a-queue")
                .containsEntry("kueue.x-k8s.io/priority-class", "p3");
        assertThat(job.getSpec().getSuspend()).isTrue();
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getPriorityClassName()).as("Kueue's WorkloadPriorityClass instead").isNull();
        assertThat(pod.getInitContainers()).extracting(Container::getName).containsExactly("output-sync");
        assertThat(pod.getContainers().get(0).getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("8"));
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isNull();
    }

    @Test
    void creatorLabelsGoOnTheJobButNotIntoTheSpecHash() {
        JobPlan plan = KubeFixtures.plan(KubeFixtures.MULTI);
        String before = renderer.render(plan).get(0).getMetadata().getAnnotations().get(KubernetesNames.SPEC_HASH_ANNOTATION);
        KubernetesRenderer labelled = new KubernetesRenderer(KubeFixtures.catalog());
        labelled.setCreatorLabels(Map.of("modelarts-train/controller", "0123abcd", "modelarts-train/controller-url", "21999782367dff682630"));

        List<HasMetadata> objects = labelled.render(plan);

        assertThat(objects.get(0).getMetadata().getLabels()).containsEntry("modelarts-train/controller", "0123abcd")
                .containsEntry("modelarts-train/controller-url", "21999782367dff682630")
                .containsEntry(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY_VALUE);
        assertThat(objects.get(0).getMetadata().getAnnotations()).containsEntry(KubernetesNames.SPEC_HASH_ANNOTATION, before);
        assertThat(objects.get(1).getMetadata().getLabels()).doesNotContainKey("modelarts-train/controller");
        assertThat(labelled.render(plan, 2, "ns").get(0).getMetadata().getLabels()).containsKey("modelarts-train/controller-url");
        assertThatThrownBy(() -> labelled.setCreatorLabels(Map.of("modelarts-train/controller-url", "https://ci.example.com/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid Kubernetes label");
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "multi", "kueue"})
    void theSpecHashDigestsTheRenderingThatIsSentWithoutItsNamespace(String name) {
        JobPlan plan = KubeFixtures.plan(fixture(name));
        String secret = renderer.catalog().storage().credentialsSecret();
        List<HasMetadata> here = renderer.render(plan, 1, "team-a");
        String hash = here.get(0).getMetadata().getAnnotations().get(KubernetesNames.SPEC_HASH_ANNOTATION);

        // where the job runs is not what it does; the namespace stays on the objects that are sent
        assertThat(renderer.render(plan, 1, "team-b").get(0).getMetadata().getAnnotations())
                .containsEntry(KubernetesNames.SPEC_HASH_ANNOTATION, hash);
        assertThat(here.get(0).getMetadata().getNamespace()).isEqualTo("team-a");
        assertThat(renderer.specHash(plan, secret)).isEqualTo(hash);
        assertThat(here).allSatisfy(o -> assertThat(o.getMetadata().getAnnotations()).containsEntry(KubernetesNames.SPEC_HASH_ANNOTATION, hash));
    }

    @Test
    void anotherDefinitionUnderTheSameNameHasAnotherSpecHash() {
        String secret = renderer.catalog().storage().credentialsSecret();
        String hash = renderer.specHash(KubeFixtures.plan(KubeFixtures.SINGLE), secret);
        JobPlan other = KubeFixtures.plan(KubeFixtures.SINGLE.replace("epochs: \"10\"", "epochs: \"20\""));

        assertThat(renderer.specHash(other, secret)).isNotEqualTo(hash);
        assertThat(renderer.render(other).get(0).getMetadata().getName()).isEqualTo(renderer.render(KubeFixtures.plan(KubeFixtures.SINGLE))
                .get(0).getMetadata().getName());
    }

    /** The digests the previous versions stamped on these fixtures (their golden files), which their Jobs still carry. */
    @ParameterizedTest
    @ValueSource(strings = {"single:cab6a2e48232e33a", "multi:1896a076eb8f7a76", "kueue:7c5db62ac9e77bd7"})
    void theLegacySpecHashIsTheOneEarlierVersionsStamped(String nameAndHash) {
        String[] parts = nameAndHash.split(":");
        JobPlan plan = KubeFixtures.plan(fixture(parts[0]));
        String secret = renderer.catalog().storage().credentialsSecret();

        assertThat(renderer.legacySpecHash(plan, secret)).isEqualTo(parts[1]);
        assertThat(renderer.specHash(plan, secret)).isNotEqualTo(parts[1]);
    }

    @Test
    void laterAttemptsGetTheirOwnNames() {
        JobPlan plan = KubeFixtures.plan(KubeFixtures.MULTI);
        List<HasMetadata> second = renderer.render(plan, 2, "elsewhere");
        String base = KubernetesNames.jobName("resnet_dist");
        assertThat(second).extracting(o -> o.getMetadata().getName()).containsExactly(base + "-r2", base + "-r2");
        assertThat(second.get(0).getMetadata().getNamespace()).isEqualTo("elsewhere");
        assertThat(second.get(0).getMetadata().getLabels()).containsEntry("modelarts-train/job", base).containsEntry("modelarts-train/attempt", "2");
        // the same job: the same spec hash on every attempt
        assertThat(second.get(0).getMetadata().getAnnotations().get("modelarts-train/spec-hash"))
                .isEqualTo(renderer.render(plan).get(0).getMetadata().getAnnotations().get("modelarts-train/spec-hash"));
        Map<String, EnvVar> env = env(((Job) second.get(0)).getSpec().getTemplate().getSpec().getContainers().get(0));
        assertThat(env.get("MASTER_ADDR").getValue()).isEqualTo(base + "-r2-0." + base + "-r2");
    }

    @Test
    void localPathsCannotRunInACluster() {
        String local = KubeFixtures.SINGLE.replace("codeDir: obs://bucket/training-test/demo-code/", "codeDir: /tmp/some/code");
        assertThatThrownBy(() -> renderer.render(KubeFixtures.plan(local))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("algorithm.codeDir").hasMessageContaining("obs://");
    }

    @Test
    void rcloneEnvironmentFollowsTheCatalog() {
        Map<String, String> obs = TransferScripts.rcloneEnvironment(KubeFixtures.catalog().storage());
        assertThat(obs).containsEntry("RCLONE_CONFIG_OBS_TYPE", "s3").containsEntry("RCLONE_CONFIG_OBS_PROVIDER", "HuaweiOBS")
                .containsEntry("RCLONE_CONFIG_OBS_FORCE_PATH_STYLE", "false").containsEntry("RCLONE_CONFIG_OBS_REGION", "example-1")
                .containsEntry("RCLONE_CONFIG_OBS_ENV_AUTH", "false");
        assertThat(TransferScripts.provider("http://127.0.0.1:9000")).isEqualTo("Other");
        assertThat(TransferScripts.remote("s3://bucket/a/b/")).isEqualTo("obs:bucket/a/b/");
        assertThat(TransferScripts.shellValue("/x:${PATH}:y")).isEqualTo("/x:\"${PATH}\":y");
        assertThat(TransferScripts.shellValue("it's")).isEqualTo("'it'\\''s'");
    }

    private static List<Container> allContainers(PodSpec spec) {
        List<Container> all = new java.util.ArrayList<>(spec.getContainers());
        if (spec.getInitContainers() != null) {
            all.addAll(spec.getInitContainers());
        }
        return all;
    }

    private static Map<String, EnvVar> env(Container c) {
        Map<String, EnvVar> m = new java.util.LinkedHashMap<>();
        c.getEnv().forEach(e -> m.put(e.getName(), e));
        return m;
    }
}
