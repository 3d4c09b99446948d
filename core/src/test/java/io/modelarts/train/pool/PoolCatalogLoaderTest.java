package io.modelarts.train.pool;

import io.modelarts.train.rules.Problem;
import io.modelarts.train.spec.ResourceType;
import io.modelarts.train.validation.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PoolCatalogLoaderTest {

    static PoolCatalogLoader.Result load(String yaml) {
        return PoolCatalogLoader.loadText(yaml, "pools.yaml");
    }

    @Test
    void theTestCatalogLoadsCompletely() {
        PoolCatalogLoader.Result r = PoolCatalogLoader.load(TestJobs.resource("pools.yaml"));
        assertThat(r.problems()).isEmpty();
        PoolCatalog catalog = r.catalog();
        assertThat(catalog.pools()).extracting(Pool::name).containsExactly("public-pool", "gpu-pool", "empty-pool");
        Pool pool = catalog.pool("gpu-pool").orElseThrow();
        assertThat(pool.type()).isEqualTo(PoolType.DEDICATED);
        assertThat(pool.isDedicated()).isTrue();
        assertThat(pool.namespace()).isEqualTo("ml-train");
        assertThat(pool.queue()).isEqualTo("team-a");
        assertThat(pool.priorityClasses()).containsExactly(Map.entry(1, "train-low"), Map.entry(2, "train-normal"), Map.entry(3, "train-high"));
        assertThat(pool.nodeSelector()).containsExactly(Map.entry("pool", "gpu"));
        assertThat(pool.tolerations()).containsExactly(new Toleration("nvidia.com/gpu", "Exists", null, "NoSchedule"));
        assertThat(pool.flavor("gpu-1x").orElseThrow()).isEqualTo(new Flavor("gpu-1x", ResourceType.GPU, "8", "64Gi", 1,
                "nvidia.com/gpu", "800Gi", 4, Map.of(), List.of()));
        assertThat(pool.flavor("gpu-8x").orElseThrow().maxNodes()).isNull();
        assertThat(pool.engine("tensorflow-2.15").orElseThrow().image()).isEqualTo("registry.example.com/preset/tensorflow:2.15");
        assertThat(pool.storage("pfs-b").orElseThrow().claim()).isEqualTo("pfs-b-pvc");
        assertThat(catalog.pool("public-pool").orElseThrow().isDedicated()).isFalse();
        assertThat(catalog.storage()).isEqualTo(new StorageSettings("https://obs.example.com", "example-1", false, "obs-credentials"));
        assertThat(catalog.kubernetes()).isEqualTo(new KubernetesSettings("rclone/rclone:1.68", 3600, "training-cluster"));
    }

    @Test
    void defaults() {
        PoolCatalogLoader.Result r = load("pools: []\n");
        assertThat(r.problems()).isEmpty();
        assertThat(r.catalog().storage()).isEqualTo(StorageSettings.DEFAULT);
        assertThat(r.catalog().kubernetes()).isEqualTo(KubernetesSettings.DEFAULT);
        Flavor f = load("pools: [{name: p, type: public, flavors: [{id: c, type: CPU}]}]\n").catalog().pools().get(0).flavors().get(0);
        assertThat(f.gpus()).isZero();
        assertThat(f.gpuResource()).isEqualTo("nvidia.com/gpu");
        assertThat(f.maxNodes()).isNull();
        assertThat(f.disk()).isNull();
    }

    @Test
    void everyMistakeNamesItsField() {
        PoolCatalogLoader.Result r = load("""
                pools:
                  - name: a
                    type: shared
                    namespace: ML_Train
                    queue: "bad queue"
                    priorityClasses: {4: x, 1: "Not Valid"}
                    nodeSelector: {"bad key!": x, pool: "bad value!"}
                    tolerations:
                      - {key: k, operator: Maybe, effect: Sometimes}
                      - {key: k, operator: Exists, value: v}
                    flavors:
                      - id: f
                        type: TPU
                        cpu: eight
                        memory: 64GB
                        gpus: -1
                        maxNodes: 0
                        gpuResource: "nvidia gpu"
                      - id: f
                        type: GPU
                      - type: CPU
                    engines:
                      - {name: e, image: "Bad Image"}
                      - {name: e, image: x/y:1}
                      - {image: x/y:1}
                    storages:
                      - {name: s, claim: Bad_Claim}
                      - {name: s, claim: ok}
                  - name: a
                    type: public
                  - {}
                storage: {endpoint: "obs.example.com", pathStyle: sometimes, secretKey: x}
                kubernetes: {ttlSecondsAfterFinished: -1, transferImage: "Not An Image"}
                extra: 1
                """);
        assertThat(r.hasErrors()).isTrue();
        assertThat(r.problems()).containsExactly(
                Problem.error("extra", "unknown key; known keys: kubernetes, pools, storage"),
                Problem.error("pools[0].type", "must be public or dedicated, not 'shared'"),
                Problem.error("pools[0].namespace", "must be a Kubernetes namespace name (lowercase letters, digits and '-', at most 63)"),
                Problem.error("pools[0].queue", "must be a Kueue LocalQueue name (lowercase letters, digits, '-' and '.')"),
                Problem.error("pools[0].priorityClasses.4", "priority levels are 1, 2 and 3"),
                Problem.error("pools[0].priorityClasses.1", "must be a PriorityClass name, not 'Not Valid'"),
                Problem.error("pools[0].flavors[0].type", "must be CPU or GPU, not 'TPU'"),
                Problem.error("pools[0].flavors[0].gpus", "must be 0 or more"),
                Problem.error("pools[0].flavors[0].maxNodes", "must be at least 1"),
                Problem.error("pools[0].flavors[0].gpuResource", "must be an extended resource name such as nvidia.com/gpu, not 'nvidia gpu'"),
                Problem.error("pools[0].flavors[0].cpu", "must be a Kubernetes quantity such as 8, 500m or 64Gi, not 'eight'"),
                Problem.error("pools[0].flavors[0].memory", "must be a Kubernetes quantity such as 8, 500m or 64Gi, not '64GB'"),
                Problem.error("pools[0].flavors[1].gpus", "a GPU flavor needs at least 1 GPU"),
                Problem.error("pools[0].flavors[1].id", "flavor 'f' is defined twice in this pool"),
                Problem.error("pools[0].flavors[2].id", "is required"),
                Problem.error("pools[0].engines[0].image", "must be an image reference [registry/]repository[:tag][@digest] with a lowercase"
                        + " repository, such as registry.example.com/team/pytorch:2.3 (got 'Bad Image')"),
                Problem.error("pools[0].engines[1].name", "engine 'e' is defined twice in this pool"),
                Problem.error("pools[0].engines[2].name", "is required"),
                Problem.error("pools[0].storages[0].claim", "must be a PersistentVolumeClaim name (lowercase letters, digits, '-' and '.'), not 'Bad_Claim'"),
                Problem.error("pools[0].storages[1].name", "storage 's' is defined twice in this pool"),
                Problem.error("pools[0].nodeSelector.bad key!", "must be a Kubernetes label key such as pool or example.com/pool"),
                Problem.error("pools[0].nodeSelector.pool", "must be a Kubernetes label value (at most 63 letters, digits, '-', '_' and '.'), not 'bad value!'"),
                Problem.error("pools[0].tolerations[0].operator", "must be Exists or Equal, not 'Maybe'"),
                Problem.error("pools[0].tolerations[0].effect", "must be NoSchedule, PreferNoSchedule or NoExecute, not 'Sometimes'"),
                Problem.error("pools[0].tolerations[1].value", "must be empty with operator Exists"),
                Problem.error("pools[1].name", "pool 'a' is defined twice"),
                Problem.error("pools[2].name", "is required"),
                Problem.error("pools[2].type", "is required"),
                Problem.error("storage.secretKey", "unknown key; known keys: caSecret, credentialsSecret, endpoint, pathStyle, region"),
                Problem.error("storage.pathStyle", "must be true or false, not 'sometimes'"),
                Problem.error("storage.endpoint", "must be an http:// or https:// URL, not 'obs.example.com'"),
                Problem.error("kubernetes.ttlSecondsAfterFinished", "must be 0 or more seconds"),
                Problem.error("kubernetes.transferImage", "must be an image reference [registry/]repository[:tag][@digest] with a lowercase"
                        + " repository, such as registry.example.com/team/pytorch:2.3 (got 'Not An Image')"));
    }

    @Test
    void syntaxErrorsAndUnreadableFiles(@TempDir Path dir) throws IOException {
        PoolCatalogLoader.Result r = load("pools:\n  - name: [\n");
        assertThat(r.catalog()).isNull();
        assertThat(r.problems().get(0).message()).startsWith("pools.yaml is not valid YAML at line 3");
        assertThat(PoolCatalogLoader.load(dir.resolve("missing.yaml")).problems().get(0).message())
                .startsWith("cannot read pool catalog " + dir.resolve("missing.yaml"));
        Path binary = dir.resolve("pools.yaml");
        Files.write(binary, new byte[]{(byte) 0xff, (byte) 0xfe, 0});
        assertThat(PoolCatalogLoader.load(binary).problems()).containsExactly(Problem.error("", "pool catalog " + binary + " is not UTF-8 text"));
    }

    @Test
    void jsonIsAccepted() {
        PoolCatalogLoader.Result r = load("{\"pools\": [{\"name\": \"p\", \"type\": \"public\", \"flavors\": [{\"id\": \"c\", \"type\": \"CPU\", \"disk\": \"50G\"}]}]}");
        assertThat(r.problems()).isEmpty();
        assertThat(r.catalog().pool("p").orElseThrow().flavor("c").orElseThrow().disk()).isEqualTo("50G");
    }

    @Test
    void treesFromCodeNeverThrow() {
        assertThat(PoolCatalogLoader.fromTree(null).problems()).hasSize(1);
        assertThat(PoolCatalogLoader.fromTree(Map.of("pools", List.of(Map.of("name", new Object())))).problems())
                .contains(Problem.error("pools[0].name", "must be text, not Object"));
    }
}
