package io.modelarts.train.backend.kubernetes;

import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.plan.Planner;
import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.pool.PoolCatalogLoader;
import io.modelarts.train.spec.JobSpecLoader;

import java.nio.file.Path;

/** Pool catalogs and job plans for the Kubernetes backend tests, written as the YAML users write. */
final class KubeFixtures {

    static final String NAMESPACE = "ml-train";
    static final String SECRET = "obs-credentials";

    static final String CATALOG = """
            pools:
              - name: gpu-pool
                type: dedicated
                namespace: ml-train
                priorityClasses: {1: train-low, 2: train-normal, 3: train-high}
                nodeSelector: {pool: gpu, zone: a}
                tolerations:
                  - {key: dedicated, operator: Equal, value: training, effect: NoSchedule}
                flavors:
                  - id: gpu-1x
                    type: GPU
                    cpu: 8
                    memory: 64Gi
                    gpus: 1
                    disk: 800Gi
                    nodeSelector: {gpu-type: v100}
                    tolerations:
                      - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
                  - id: cpu-2
                    type: CPU
                    cpu: 2
                    memory: 8Gi
                    disk: 50Gi
                engines:
                  - name: pytorch-2.3
                    image: registry.example.com/preset/pytorch:2.3
                storages:
                  - name: pfs-a
                    claim: pfs-a-pvc
              - name: kueue-pool
                type: dedicated
                namespace: team-a
                queue: team-a-queue
                priorityClasses: {1: p1, 2: p2, 3: p3}
                flavors:
                  - id: gpu-8x
                    type: GPU
                    cpu: 64
                    memory: 512Gi
                    gpus: 8
                    gpuResource: nvidia.com/gpu
                    disk: 3Ti
            storage:
              endpoint: https://obs.example-1.myhuaweicloud.com
              region: example-1
              pathStyle: false
              credentialsSecret: obs-credentials
            kubernetes:
              transferImage: registry.example.com/tools/rclone:1.68
              ttlSecondsAfterFinished: 3600
            """;

    /** A single-node custom-image job with code, one input, one output (predownload) and a hyperparameter. */
    static final String SINGLE = """
            name: Mnist_Demo
            description: digits
            algorithm:
              bootMode: customImage
              image: registry.example.com/team/pytorch:2.3
              codeDir: obs://bucket/training-test/demo-code/
              bootCommand: python ${MA_JOB_DIR}/demo-code/train.py
              userId: 1000
            inputs:
              - name: data_url
                dataPath: obs://bucket/mnist/
            outputs:
              - name: train_url
                dataPath: obs://bucket/output/
                predownload: true
            hyperparameters:
              epochs: "10"
              note: "it's a 'test'; rm -rf /"
            environment:
              LOG_LEVEL: info
            resources:
              pool: gpu-pool
              type: GPU
              flavor: gpu-1x
              nodes: 1
            autoStop: 2h
            """;

    /** A four-node preset-image job with SFS Turbo, a parallel file system, priority 2 and persistent logs. */
    static final String MULTI = """
            name: resnet_dist
            algorithm:
              bootMode: presetImage
              engine: pytorch-2.3
              codeDir: obs://bucket/code/resnet
              bootFile: train.py
              userId: 1001
            inputs:
              - name: data_url
                dataPath: obs://bucket/imagenet/
                obtainedFrom: environment
            outputs:
              - name: train_url
                dataPath: obs://bucket/resnet-out/
            hyperparameters:
              lr: "0.1"
            autoRestart: 2
            resources:
              pool: gpu-pool
              type: GPU
              flavor: gpu-1x
              nodes: 4
            priority: 2
            sfsTurbo:
              - name: sfs-a
                serverPath: 10.0.0.5:/export/data
                localPath: /mnt/sfs-a
            parallelFileSystems:
              - storage: pfs-a
                mountPath: /mnt/pfs
            persistentLogPath: obs://bucket/logs/
            """;

    /** A two-node job in a Kueue pool, priority 3. */
    static final String KUEUE = """
            name: llm-finetune
            algorithm:
              image: registry.example.com/team/llm:1
              bootCommand: torchrun train.py
            outputs:
              - name: train_url
                dataPath: obs://bucket/llm/
            resources:
              pool: kueue-pool
              type: GPU
              flavor: gpu-8x
              nodes: 2
            priority: 3
            """;

    private KubeFixtures() {
    }

    static PoolCatalog catalog() {
        return catalog(CATALOG);
    }

    /** The test catalog with both pools in {@code namespace} (tests sharing one cluster use one namespace each). */
    static PoolCatalog catalogIn(String namespace) {
        return catalog(CATALOG.replace("namespace: ml-train", "namespace: " + namespace).replace("namespace: team-a", "namespace: " + namespace));
    }

    static PoolCatalog catalog(String yaml) {
        PoolCatalogLoader.Result r = PoolCatalogLoader.loadText(yaml, "pools.yaml");
        if (r.hasErrors()) {
            throw new IllegalStateException("bad test catalog: " + r.problems());
        }
        return r.catalog();
    }

    static JobPlan plan(String jobYaml) {
        return plan(jobYaml, catalog());
    }

    static JobPlan plan(String jobYaml, PoolCatalog catalog) {
        JobSpecLoader.Result r = JobSpecLoader.loadText(jobYaml, "job.yaml", Path.of("."));
        if (r.hasErrors()) {
            throw new IllegalStateException("bad test job: " + r.problems());
        }
        return Planner.plan(r.spec(), catalog);
    }
}
