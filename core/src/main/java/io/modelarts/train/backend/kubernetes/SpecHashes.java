package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.List;

/**
 * The spec hash every object of a job carries ({@link KubernetesNames#SPEC_HASH_ANNOTATION}): a digest of what attempt 1
 * creates, so that submitting the same job again attaches to it and a different job under the same name is told apart.
 * It is taken from the objects as rendered, before the hash and the creator's labels are stamped on them (a controller
 * whose labels changed still attaches to what it submitted), and without their namespace (it says what the job does,
 * not where). The renderer's maps are sorted and the model's properties have a fixed order, so a digest is the same in
 * every JVM.
 */
final class SpecHashes {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final int LENGTH = 16;

    private SpecHashes() {
    }

    /** The digest of the objects' JSON, the form a create sends: one serialisation of the rendering submit() sends. */
    static String of(List<HasMetadata> objects) {
        StringBuilder json = new StringBuilder(16 * 1024);
        for (HasMetadata o : objects) {
            ObjectMeta meta = o.getMetadata();
            String namespace = meta.getNamespace();
            meta.setNamespace(null);
            try {
                json.append(SERIALIZATION.asJson(o)).append('\n');
            } finally {
                meta.setNamespace(namespace);
            }
        }
        return KubernetesNames.hexDigest(json.toString(), LENGTH);
    }

    /**
     * The digest earlier versions stamped: of the objects' YAML, rendered without a namespace. Jobs they submitted
     * carry it; it is computed only when an existing Job's hash differs from {@link #of}, as it costs a second rendering
     * and its YAML.
     */
    static String legacyOf(List<HasMetadata> objectsWithoutNamespace) {
        return KubernetesNames.hexDigest(KubernetesRenderer.toYaml(objectsWithoutNamespace), LENGTH);
    }
}
