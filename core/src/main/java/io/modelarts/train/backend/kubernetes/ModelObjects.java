package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/**
 * The small model objects a job's pods are made of (volumes, mounts, environment variables), made with setters: a
 * fabric8 builder costs several times the object it builds, and every submission renders dozens of them. They are the
 * objects the builders made: the golden files and the spec hash hold the rendered output equal.
 */
final class ModelObjects {

    private ModelObjects() {
    }

    static Volume emptyDir(String name, String medium, Quantity sizeLimit) {
        EmptyDirVolumeSource source = new EmptyDirVolumeSource();
        source.setMedium(medium);
        source.setSizeLimit(sizeLimit);
        Volume v = new Volume();
        v.setName(name);
        v.setEmptyDir(source);
        return v;
    }

    static VolumeMount mount(String volume, String path) {
        VolumeMount m = new VolumeMount();
        m.setName(volume);
        m.setMountPath(path);
        return m;
    }

    static EnvVar value(String name, String value) {
        EnvVar v = new EnvVar();
        v.setName(name);
        v.setValue(value);
        return v;
    }

    static EnvVar completionIndex(String name) {
        ObjectFieldSelector field = new ObjectFieldSelector();
        field.setFieldPath("metadata.annotations['" + KubernetesNames.COMPLETION_INDEX + "']");
        EnvVarSource from = new EnvVarSource();
        from.setFieldRef(field);
        return valueFrom(name, from);
    }

    static EnvVar secretRef(String name, String secret, String key) {
        SecretKeySelector selector = new SecretKeySelector();
        selector.setName(secret);
        selector.setKey(key);
        EnvVarSource from = new EnvVarSource();
        from.setSecretKeyRef(selector);
        return valueFrom(name, from);
    }

    private static EnvVar valueFrom(String name, EnvVarSource from) {
        EnvVar v = new EnvVar();
        v.setName(name);
        v.setValueFrom(from);
        return v;
    }
}
