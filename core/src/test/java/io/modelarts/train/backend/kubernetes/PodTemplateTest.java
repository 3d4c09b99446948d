package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.pool.PoolCatalogLoader;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.spec.JobSpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Administrators' pod templates on pools and flavors, and {@code shmSize}. */
class PodTemplateTest {

    /** The test catalog's gpu-pool and gpu-1x flavor with templates, as a company's cluster needs them. */
    static final String CATALOG = KubeFixtures.CATALOG
            .replace("""
                        nodeSelector: {pool: gpu, zone: a}
                    """, """
                        nodeSelector: {pool: gpu, zone: a}
                        podTemplate:
                          metadata:
                            labels: {team: vision, tier: pool}
                            annotations: {cost-center: "4711"}
                          spec:
                            serviceAccountName: trainer
                            imagePullSecrets: [{name: regcred}]
                            tolerations:
                              - {key: spot, operator: Exists, effect: NoSchedule}
                            affinity:
                              nodeAffinity:
                                requiredDuringSchedulingIgnoredDuringExecution:
                                  nodeSelectorTerms:
                                    - matchExpressions:
                                        - {key: topology.kubernetes.io/zone, operator: In, values: [zone-a, zone-b]}
                    """)
            .replace("""
                            disk: 800Gi
                            nodeSelector: {gpu-type: v100}
                    """, """
                            disk: 800Gi
                            shmSize: 16Gi
                            nodeSelector: {gpu-type: v100}
                            podTemplate:
                              metadata:
                                labels: {tier: flavor}
                              spec:
                                runtimeClassName: nvidia
                                containers:
                                  - name: train
                                    env: [{name: NCCL_DEBUG, value: INFO}]
                                    resources:
                                      limits: {rdma/hca: "1"}
                                      requests: {rdma/hca: "1"}
                                  - name: gpu-monitor
                                    image: registry.example.com/tools/dcgm-exporter:3
                    """);

    static PoolCatalog catalog() {
        return KubeFixtures.catalog(CATALOG);
    }

    @Test
    void templatesAreMergedOntoEveryPodAfterTheToolsSettings() {
        Job job = (Job) new KubernetesRenderer(catalog()).render(KubeFixtures.plan(KubeFixtures.SINGLE, catalog())).get(0);
        PodTemplateSpec pod = job.getSpec().getTemplate();
        // maps merge; the flavor's template comes after the pool's
        assertThat(pod.getMetadata().getLabels()).containsEntry("team", "vision").containsEntry("tier", "flavor")
                .containsEntry(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY_VALUE)
                .containsEntry(KubernetesNames.ATTEMPT_LABEL, "1");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("cost-center", "4711").containsKey(KubernetesNames.NAME_ANNOTATION);
        assertThat(job.getMetadata().getLabels()).as("the Job's own labels stay the tool's").doesNotContainKey("team");
        var spec = pod.getSpec();
        assertThat(spec.getServiceAccountName()).isEqualTo("trainer");
        assertThat(spec.getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("regcred");
        assertThat(spec.getRuntimeClassName()).isEqualTo("nvidia");
        assertThat(spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms())
                .singleElement().satisfies(t -> assertThat(t.getMatchExpressions().get(0).getValues()).containsExactly("zone-a", "zone-b"));
        // other lists append
        assertThat(spec.getTolerations()).extracting(t -> t.getKey()).containsExactly("dedicated", "nvidia.com/gpu", "spot");
        // containers merge by name: the train container keeps the tool's image, command and resources
        Container train = spec.getContainers().get(0);
        assertThat(train.getName()).isEqualTo("train");
        assertThat(train.getImage()).isEqualTo("registry.example.com/team/pytorch:2.3");
        assertThat(train.getCommand()).containsExactly("/bin/sh", "-c");
        assertThat(train.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"))
                .containsEntry("cpu", new Quantity("8")).containsEntry("rdma/hca", new Quantity("1"));
        assertThat(train.getEnv()).extracting(EnvVar::getName).contains("VC_TASK_INDEX", "LOG_LEVEL", "NCCL_DEBUG");
        assertThat(train.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        // a container the template adds is appended, and restricted too
        assertThat(spec.getContainers()).extracting(Container::getName).containsExactly("train", "gpu-monitor");
        Container monitor = spec.getContainers().get(1);
        assertThat(monitor.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(monitor.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(spec.getInitContainers()).extracting(Container::getName).containsExactly("download", "output-sync");
        // shmSize sizes the memory-backed /dev/shm
        Volume shm = spec.getVolumes().stream().filter(v -> v.getName().equals("dshm")).findFirst().orElseThrow();
        assertThat(shm.getEmptyDir().getMedium()).isEqualTo("Memory");
        assertThat(shm.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("16Gi"));
        // tool settings the template does not touch are unchanged
        assertThat(spec.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        assertThat(spec.getRestartPolicy()).isEqualTo("Never");
    }

    @Test
    void renderingWithTemplatesIsDeterministic() {
        String first = new KubernetesRenderer(catalog()).renderYaml(KubeFixtures.plan(KubeFixtures.MULTI, catalog()));
        String second = new KubernetesRenderer(catalog()).renderYaml(KubeFixtures.plan(KubeFixtures.MULTI, catalog()));
        assertThat(second).isEqualTo(first);
        assertThat(first).contains("serviceAccountName: \"trainer\"");
    }

    @Test
    void aPoolWithoutTemplatesRendersAsBefore() {
        Job job = (Job) new KubernetesRenderer(KubeFixtures.catalog()).render(KubeFixtures.plan(KubeFixtures.SINGLE)).get(0);
        assertThat(job.getSpec().getTemplate().getSpec().getServiceAccountName()).isNull();
        Volume shm = job.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getName().equals("dshm")).findFirst().orElseThrow();
        assertThat(shm.getEmptyDir().getSizeLimit()).as("unlimited by default").isNull();
    }

    /** Each row: a pool template (YAML flow) and the problem it gets, field path included. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {spec: {serviceAccount_name: x}} | pools[0].podTemplate.spec.serviceAccount_name: unknown field of PodSpec
            {spec: {affinity: {nodeAffinty: {}}}} | pools[0].podTemplate.spec.affinity.nodeAffinty: unknown field of Affinity
            {spec: {containers: [{name: side, image: x, imagePolicy: Always}]}} | pools[0].podTemplate.spec.containers[0].imagePolicy: unknown field of Container
            {spec: {tolerations: {key: x}}} | pools[0].podTemplate: is not a valid pod template
            {kind: Pod} | pools[0].podTemplate.kind: unknown field; a pod template has metadata and spec
            {metadata: {name: x}} | pools[0].podTemplate.metadata.name: is set by modelarts-train; a pod template may set only labels and annotations
            {metadata: {labels: {app.kubernetes.io/managed-by: me}}} | pools[0].podTemplate.metadata.labels.app.kubernetes.io/managed-by: is set by modelarts-train
            {metadata: {annotations: {modelarts-train/name: x}}} | pools[0].podTemplate.metadata.annotations.modelarts-train/name: is set by modelarts-train
            {metadata: {labels: {team: 'a b'}}} | pools[0].podTemplate.metadata.labels.team: must be a Kubernetes label value
            {spec: {restartPolicy: Always}} | pools[0].podTemplate.spec.restartPolicy: is set by modelarts-train
            {spec: {priorityClassName: x}} | pools[0].podTemplate.spec.priorityClassName: is set by modelarts-train
            {spec: {securityContext: {runAsUser: 0}}} | pools[0].podTemplate.spec.securityContext.runAsUser: is set from the job's userId
            {spec: {volumes: [{name: cache, emptyDir: {}}]}} | pools[0].podTemplate.spec.volumes[0].name: 'cache' is a volume of modelarts-train
            {spec: {volumes: [{name: sfs-0, emptyDir: {}}]}} | pools[0].podTemplate.spec.volumes[0].name: 'sfs-0' is a volume of modelarts-train
            {spec: {initContainers: [{name: download, image: x}]}} | pools[0].podTemplate.spec.initContainers[0].name: 'download' is a container of modelarts-train
            {spec: {containers: [{name: output-sync, image: x}]}} | pools[0].podTemplate.spec.containers[0].name: 'output-sync' is a container of modelarts-train
            {spec: {containers: [{name: train, command: [sh]}]}} | pools[0].podTemplate.spec.containers[0].command: of the train container is set by modelarts-train
            {spec: {containers: [{name: train, image: x}]}} | pools[0].podTemplate.spec.containers[0].image: of the train container is set by modelarts-train
            {spec: {containers: [{name: train, env: [{name: MA_NUM_GPUS, value: '9'}]}]}} | pools[0].podTemplate.spec.containers[0].env[0].name: MA_NUM_GPUS is set by modelarts-train
            {spec: {containers: [{name: train, resources: {limits: {memory: 1Gi}}}]}} | pools[0].podTemplate.spec.containers[0].resources.limits.memory: comes from the flavor
            {spec: {containers: [{name: train, volumeMounts: [{name: x, mountPath: /cache/x}]}]}} | pools[0].podTemplate.spec.containers[0].volumeMounts[0].mountPath: '/cache/x' overlaps /cache
            {spec: {containers: [{name: side, image: x, volumeMounts: [{name: x, mountPath: /home/ma-user}]}]}} | pools[0].podTemplate.spec.containers[0].volumeMounts[0].mountPath: '/home/ma-user' overlaps /home/ma-user/modelarts
            {spec: {containers: [{name: side}]}} | pools[0].podTemplate.spec.containers[0].image: is required
            [] | pools[0].podTemplate: must be a mapping with metadata and spec
            """)
    void templatesThatBreakThePodAreRefusedAtLoad(String template, String expected) {
        PoolCatalogLoader.Result r = PoolCatalogLoader.loadText("""
                pools:
                  - name: p
                    type: dedicated
                    podTemplate: %s
                """.formatted(template), "pools.yaml");
        assertThat(r.hasErrors()).isTrue();
        assertThat(r.problems()).extracting(Problem::toString).anySatisfy(p -> assertThat(p).startsWith(expected));
        assertThat(r.problems()).allSatisfy(p -> assertThat(p.toString()).doesNotContain("Exception", "\tat "));
    }

    @Test
    void aFlavorTemplateIsCheckedWithItsPath() {
        PoolCatalogLoader.Result r = PoolCatalogLoader.loadText("""
                pools:
                  - name: p
                    type: dedicated
                    flavors:
                      - {id: f, type: GPU, gpus: 1, gpuResource: example.com/npu, shmSize: 1GB,
                         podTemplate: {spec: {containers: [{name: train, resources: {limits: {example.com/npu: 2}}}]}}}
                """, "pools.yaml");
        assertThat(r.problems()).extracting(Problem::toString).contains(
                "pools[0].flavors[0].shmSize: must be a Kubernetes quantity such as 8, 500m or 64Gi, not '1GB'",
                "pools[0].flavors[0].podTemplate.spec.containers[0].resources.limits.example.com/npu: comes from the flavor and cannot come from a pod template");
    }

    @Test
    void theToolsOwnNamesAreAllReserved() {
        // every volume, container and mount the renderer makes is one a template may not take
        Job job = (Job) new KubernetesRenderer(KubeFixtures.catalog()).render(KubeFixtures.plan(KubeFixtures.MULTI)).get(0);
        var spec = job.getSpec().getTemplate().getSpec();
        for (Volume v : spec.getVolumes()) {
            assertThat(io.modelarts.train.pool.PodTemplates.TOOL_VOLUMES.contains(v.getName()) || v.getName().matches("(sfs|pfs)-[0-9]+"))
                    .as(v.getName()).isTrue();
        }
        for (Container c : PodSecurityTest.containers(spec)) {
            assertThat(c.getName()).isIn(List.of("train", "download", "output-sync"));
            c.getVolumeMounts().stream().filter(m -> !m.getName().matches("(sfs|pfs)-[0-9]+"))
                    .forEach(m -> assertThat(io.modelarts.train.pool.PodTemplates.TOOL_PATHS).as(m.getMountPath())
                            .anySatisfy(p -> assertThat(m.getMountPath()).startsWith(p)));
        }
    }

    @Test
    void jobsCannotSetTemplates() {
        JobSpecLoader.Result r = JobSpecLoader.loadText(KubeFixtures.SINGLE + "podTemplate: {spec: {serviceAccountName: x}}\n",
                "job.yaml", Path.of("."));
        assertThat(r.hasErrors()).isTrue();
        assertThat(r.problems()).extracting(Problem::field).contains("podTemplate");
    }
}
