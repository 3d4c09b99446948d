package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the Kubernetes API server would check on the objects the renderer makes, as far as it matters here: the
 * objects read back through fabric8's model with no unknown field; DNS names of Jobs, Services, containers, volumes
 * and ports; label and annotation keys and values; unique container and volume names; every mount naming a volume,
 * one mount per path; env names; requests at most limits; and, optionally, the Pod Security "restricted" profile.
 * Each check returns the violations as text, so that a failing test says what the server would have refused.
 */
final class ApiServerChecks {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");

    private ApiServerChecks() {
    }

    /** Every violation in {@code objects}; {@code restricted}: also Pod Security "restricted". */
    static List<String> violations(List<HasMetadata> objects, boolean restricted) {
        List<String> out = new ArrayList<>();
        for (HasMetadata o : objects) {
            String where = o.getKind() + " " + o.getMetadata().getName();
            // the API's schema: the object as sent, read back, has no field the model does not know
            HasMetadata back = SERIALIZATION.unmarshal(SERIALIZATION.asJson(o), o.getClass());
            unknownFields(back, where, out);
            if (!SERIALIZATION.asJson(back).equals(SERIALIZATION.asJson(o))) {
                out.add(where + ": changes when written and read back: " + SERIALIZATION.asJson(o) + " became " + SERIALIZATION.asJson(back));
            }
            meta(o.getMetadata(), where, out);
            if (o instanceof Service s) {
                if (!DNS_1035.matcher(s.getMetadata().getName()).matches() || s.getMetadata().getName().length() > 63) {
                    out.add(where + ": a Service name must be a DNS-1035 label");
                }
                labels(s.getSpec().getSelector(), where + " selector", out);
            }
            if (o instanceof Job j) {
                String name = j.getMetadata().getName();
                if (!DNS_LABEL.matcher(name).matches() || name.length() > 63) {
                    out.add(where + ": a Job name must be a DNS-1123 label of at most 63 characters");
                }
                meta(j.getSpec().getTemplate().getMetadata(), where + " pod template", out);
                pod(j.getSpec().getTemplate().getSpec(), where, restricted, out);
            }
        }
        return out;
    }

    private static void meta(ObjectMeta m, String where, List<String> out) {
        labels(m.getLabels(), where + " labels", out);
        long size = 0;
        if (m.getAnnotations() != null) {
            for (Map.Entry<String, String> e : m.getAnnotations().entrySet()) {
                qualifiedName(e.getKey(), where + " annotation", out);
                size += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        if (size > 256 * 1024) {
            out.add(where + ": annotations larger than 256 KiB");
        }
    }

    private static void labels(Map<String, String> labels, String where, List<String> out) {
        if (labels == null) {
            return;
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            qualifiedName(e.getKey(), where, out);
            if (e.getValue().length() > 63 || !LABEL_VALUE.matcher(e.getValue()).matches()) {
                out.add(where + ": '" + e.getValue() + "' is not a label value");
            }
        }
    }

    private static void qualifiedName(String key, String where, List<String> out) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (prefix != null && (prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches())) {
            out.add(where + ": the prefix of '" + key + "' is not a DNS subdomain");
        }
        if (name.length() > 63 || !NAME_PART.matcher(name).matches()) {
            out.add(where + ": '" + key + "' is not a qualified name");
        }
    }

    private static void pod(PodSpec pod, String where, boolean restricted, List<String> out) {
        Set<String> volumes = new HashSet<>();
        for (Volume v : pod.getVolumes()) {
            if (!DNS_LABEL.matcher(v.getName()).matches() || v.getName().length() > 63) {
                out.add(where + ": volume name '" + v.getName() + "' is not a DNS-1123 label");
            }
            if (!volumes.add(v.getName())) {
                out.add(where + ": volume '" + v.getName() + "' twice");
            }
            if (restricted) {
                Map<String, Object> tree = SERIALIZATION.convertValue(v, Map.class);
                tree.keySet().stream().filter(k -> !k.equals("name") && !RESTRICTED_VOLUMES.contains(k))
                        .forEach(k -> out.add(where + ": volume type " + k + " is not allowed by Pod Security restricted"));
            }
        }
        List<Container> all = new ArrayList<>(pod.getContainers());
        if (pod.getInitContainers() != null) {
            all.addAll(pod.getInitContainers());
        }
        Set<String> names = new HashSet<>();
        for (Container c : all) {
            String cw = where + " container " + c.getName();
            if (c.getName() == null || !DNS_LABEL.matcher(c.getName()).matches()) {
                out.add(cw + ": name is not a DNS-1123 label");
            }
            if (!names.add(c.getName())) {
                out.add(cw + ": container name used twice in the pod");
            }
            if (c.getImage() == null || c.getImage().isBlank()) {
                out.add(cw + ": no image");
            }
            Set<String> paths = new HashSet<>();
            for (VolumeMount m : c.getVolumeMounts()) {
                if (!volumes.contains(m.getName())) {
                    out.add(cw + ": mount of unknown volume " + m.getName());
                }
                if (!paths.add(m.getMountPath())) {
                    out.add(cw + ": two mounts at " + m.getMountPath());
                }
            }
            for (EnvVar e : c.getEnv()) {
                if (!ENV_NAME.matcher(e.getName()).matches()) {
                    out.add(cw + ": env name " + e.getName() + " is not valid");
                }
                if (e.getValue() != null && e.getValueFrom() != null) {
                    out.add(cw + ": env " + e.getName() + " has both value and valueFrom");
                }
            }
            if (c.getResources() != null && c.getResources().getLimits() != null && c.getResources().getRequests() != null) {
                for (Map.Entry<String, Quantity> r : c.getResources().getRequests().entrySet()) {
                    Quantity limit = c.getResources().getLimits().get(r.getKey());
                    if (limit != null && amount(r.getValue()).compareTo(amount(limit)) > 0) {
                        out.add(cw + ": request of " + r.getKey() + " above its limit");
                    }
                }
            }
            if (restricted) {
                restricted(pod, c, cw, out);
            }
        }
    }

    private static BigDecimal amount(Quantity q) {
        return Quantity.getAmountInBytes(q);
    }

    /** Pod Security "restricted" (v1.29): the checks of the profile for one container and its pod. */
    private static void restricted(PodSpec pod, Container c, String cw, List<String> out) {
        SecurityContext s = c.getSecurityContext();
        var ps = pod.getSecurityContext();
        if (s == null || !Boolean.FALSE.equals(s.getAllowPrivilegeEscalation())) {
            out.add(cw + ": allowPrivilegeEscalation must be false");
        }
        if (s == null || s.getCapabilities() == null || !s.getCapabilities().getDrop().contains("ALL")) {
            out.add(cw + ": capabilities must drop ALL");
        } else if (s.getCapabilities().getAdd() != null && s.getCapabilities().getAdd().stream().anyMatch(a -> !a.equals("NET_BIND_SERVICE"))) {
            out.add(cw + ": only NET_BIND_SERVICE may be added");
        }
        if (s != null && Boolean.TRUE.equals(s.getPrivileged())) {
            out.add(cw + ": privileged");
        }
        Boolean nonRoot = s != null && s.getRunAsNonRoot() != null ? s.getRunAsNonRoot() : ps == null ? null : ps.getRunAsNonRoot();
        if (!Boolean.TRUE.equals(nonRoot)) {
            out.add(cw + ": runAsNonRoot must be true");
        }
        Long user = s != null && s.getRunAsUser() != null ? s.getRunAsUser() : ps == null ? null : ps.getRunAsUser();
        if (user != null && user == 0) {
            out.add(cw + ": runAsUser must not be 0");
        }
        String seccomp = s != null && s.getSeccompProfile() != null ? s.getSeccompProfile().getType()
                : ps == null || ps.getSeccompProfile() == null ? null : ps.getSeccompProfile().getType();
        if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
            out.add(cw + ": seccompProfile must be RuntimeDefault or Localhost");
        }
    }

    /** fabric8 keeps fields it does not know in additionalProperties, where the API server would refuse them. */
    private static void unknownFields(Object model, String path, List<String> out) {
        if (model == null) {
            return;
        }
        if (model instanceof Collection<?> c) {
            int i = 0;
            for (Object o : c) {
                unknownFields(o, path + "[" + i++ + "]", out);
            }
            return;
        }
        if (model instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                unknownFields(e.getValue(), path + "." + e.getKey(), out);
            }
            return;
        }
        if (!model.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : model.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object value = m.invoke(model);
                if (m.getName().equals("getAdditionalProperties")) {
                    if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        out.add(path + ": fields unknown to the API: " + extra.keySet());
                    }
                } else if (!(value instanceof Quantity)) {
                    unknownFields(value, path + "." + m.getName().substring(3), out);
                }
            } catch (ReflectiveOperationException e) {
                out.add(path + ": " + e);
            }
        }
    }
}
