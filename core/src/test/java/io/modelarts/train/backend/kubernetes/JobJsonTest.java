package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A first attempt's Job is serialised in two parts, its spec once for both the spec hash and the create: the parts must
 * give exactly the bytes of serialising the whole Job, or the hash would change between versions and the API server would
 * get another Job than the one rendered.
 */
class JobJsonTest {

    private final KubernetesSerialization fabric8 = new KubernetesSerialization();

    @ParameterizedTest
    @ValueSource(strings = {"single", "multi", "kueue"})
    void theCreateBodyIsTheJobAsFabric8SerialisesIt(String name) {
        KubernetesRenderer renderer = new KubernetesRenderer(KubeFixtures.catalog());
        renderer.setCreatorLabels(Map.of("modelarts-train/controller", "0123abcd"));
        KubernetesRenderer.FirstAttempt first = renderer.renderFirstAttempt(KubeFixtures.plan(KubernetesRendererTest.fixture(name)), "ml-train");
        Job job = (Job) first.objects().get(0);
        job.getMetadata().getAnnotations().put(KubernetesNames.CREATE_ID_ANNOTATION, "a-create-id"); // as the create adds it

        assertThat(first.jobSpecJson()).isNotNull();
        String body = new String(JobJson.write(SpecHashes.MAPPER, job, first.jobSpecJson()), StandardCharsets.UTF_8);
        assertThat(body).isEqualTo(fabric8.asJson(job));
        assertThat(fabric8.unmarshal(body, Job.class)).isEqualTo(job);
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "multi", "kueue"})
    void theSpecHashIsTheDigestOfEveryWholeObjectsJson(String name) throws Exception {
        KubernetesRenderer renderer = new KubernetesRenderer(KubeFixtures.catalog());
        List<HasMetadata> objects = renderer.renderFirstAttempt(KubeFixtures.plan(KubernetesRendererTest.fixture(name)), null).objects();
        String stamped = objects.get(0).getMetadata().getAnnotations().remove(KubernetesNames.SPEC_HASH_ANNOTATION);
        for (HasMetadata o : objects.subList(1, objects.size())) {
            o.getMetadata().getAnnotations().remove(KubernetesNames.SPEC_HASH_ANNOTATION);
        }
        // the definition, written out: each object's whole JSON (no namespace, no hash), a newline after each
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (HasMetadata o : objects) {
            all.write(fabric8.asJson(o).getBytes(StandardCharsets.UTF_8));
            all.write('\n');
        }
        String expected = KubernetesNames.hex(MessageDigest.getInstance("SHA-256").digest(all.toByteArray()), 16);
        assertThat(stamped).isEqualTo(expected);
        assertThat(SpecHashes.of(objects)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "multi"})
    void aJobWithAStatusOrExtraPropertiesIsSerialisedWhole(String name) {
        Job job = (Job) new KubernetesRenderer(KubeFixtures.catalog()).render(KubeFixtures.plan(KubernetesRendererTest.fixture(name))).get(0);
        assertThat(JobJson.composable(job)).isTrue();
        job.setAdditionalProperty("x-extra", "1");
        assertThat(JobJson.composable(job)).isFalse();
        assertThat(SpecHashes.hashed(List.of(job)).jobSpecJson()).isNull();
    }
}
