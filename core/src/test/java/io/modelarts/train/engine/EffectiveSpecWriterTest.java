package io.modelarts.train.engine;

import io.modelarts.train.plan.Planner;
import io.modelarts.train.spec.JobSpec;
import io.modelarts.train.spec.JobSpecLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EffectiveSpecWriterTest {

    static final String FULL = """
            name: full-job
            description: "every field: 'quoted', \\"double\\", colon: yes"
            algorithm:
              bootMode: customImage
              image: registry.example.com/team/pytorch:2.3
              codeDir: obs://bucket/code/demo/
              bootCommand: python ${MA_JOB_DIR}/demo/train.py && echo done
              userId: 1001
              localCodeDir: /home/ma-user/modelarts/user-job-dir
              workDir: /home/ma-user/modelarts/user-job-dir/demo
            inputs:
              - name: data_url
                dataPath: obs://bucket/data/
                obtainedFrom: environment
            outputs:
              - name: train_url
                dataPath: obs://bucket/out/
                obtainedFrom: hyperparameters
                predownload: true
            hyperparameters:
              epochs: "10"
              flag: "true"
              empty: ""
              octal: "010"
            environment:
              LOG_LEVEL: info
              MY_PASSWORD: hunter2
            autoRestart: 2
            resources:
              pool: gpu-pool
              type: GPU
              flavor: gpu-1x
              nodes: 2
            priority: 2
            sfsTurbo:
              - name: sfs-a
                serverPath: 10.0.0.5:/export/data
                localPath: /mnt/sfs-a
            parallelFileSystems:
              - storage: pfs-a
                mountPath: /mnt/pfs
            persistentLogPath: obs://bucket/logs/
            autoStop: 6h
            """;

    @Test
    void theYamlLoadsBackToTheSameJob() {
        JobSpec spec = load(FULL);
        String yaml = EffectiveSpecWriter.toYaml(spec, List.of());

        JobSpec again = load(yaml);

        assertThat(again.algorithm()).isEqualTo(spec.algorithm());
        assertThat(again.hyperparameters()).isEqualTo(spec.hyperparameters());
        assertThat(again).usingRecursiveComparison().ignoringFields("environment").isEqualTo(spec);
        assertThat(again.environment()).containsEntry("LOG_LEVEL", "info").containsEntry("MY_PASSWORD", "****");
    }

    @Test
    void defaultsAreWrittenOutAndSecretsAreNot() {
        JobSpec spec = load("""
                name: small
                algorithm:
                  image: img
                  codeDir: obs://bucket/code/demo/
                  bootCommand: python train.py --token s3cr3t
                outputs:
                  - dataPath: obs://bucket/out/
                """);
        String yaml = EffectiveSpecWriter.toYaml(Planner.plan(spec, null), List.of("s3cr3t"));

        assertThat(yaml).contains("bootMode: customImage", "userId: 1000", "localCodeDir: /home/ma-user/modelarts/user-job-dir",
                "workDir: /home/ma-user/modelarts/user-job-dir/demo", "name: train_url", "obtainedFrom: hyperparameters",
                "predownload: false", "autoRestart: 0", "priority: 1", "--token ****").doesNotContain("s3cr3t");
    }

    static JobSpec load(String yaml) {
        JobSpecLoader.Result r = JobSpecLoader.loadText(yaml, "job.yaml", Path.of("/tmp"));
        assertThat(r.problems()).isEmpty();
        return r.spec();
    }
}
