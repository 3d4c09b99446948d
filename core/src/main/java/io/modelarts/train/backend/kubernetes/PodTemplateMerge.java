package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges an administrator's pod template (see {@link io.modelarts.train.pool.PodTemplates}, which refuses the fields
 * the tool owns) onto a rendered pod: maps merge (the template's values win), {@code containers} and
 * {@code initContainers} merge by name, other lists are appended (an element equal to one already there is not
 * repeated). A container the template adds gets the restricted security settings unless it sets its own.
 */
final class PodTemplateMerge {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Set<String> MERGED_BY_NAME = Set.of("containers", "initContainers");
    /** Free-form maps printed sorted, so that the rendering stays byte-identical for the same catalog. */
    private static final Set<String> SORTED = Set.of("labels", "annotations", "nodeSelector");

    private PodTemplateMerge() {
    }

    /** {@code pod} with each non-null template merged onto it, in order; {@code pod} itself is not changed. */
    static PodTemplateSpec apply(PodTemplateSpec pod, PodTemplateSpec... templates) {
        PodTemplateSpec merged = pod;
        for (PodTemplateSpec template : templates) {
            if (template == null) {
                continue;
            }
            Set<String> ours = containerNames(merged);
            Map<String, Object> tree = tree(merged);
            merge(tree, tree(template));
            merged = SERIALIZATION.convertValue(tree, PodTemplateSpec.class);
            secureAdded(merged.getSpec().getContainers(), ours);
            secureAdded(merged.getSpec().getInitContainers(), ours);
        }
        return merged;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tree(PodTemplateSpec t) {
        return SERIALIZATION.convertValue(t, LinkedHashMap.class);
    }

    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> base, Map<String, Object> overlay) {
        for (Map.Entry<String, Object> e : overlay.entrySet()) {
            Object mine = base.get(e.getKey());
            Object theirs = e.getValue();
            if (mine instanceof Map<?, ?> m && theirs instanceof Map<?, ?> t) {
                Map<String, Object> copy = SORTED.contains(e.getKey()) ? new TreeMap<>((Map<String, Object>) m)
                        : new LinkedHashMap<>((Map<String, Object>) m);
                merge(copy, (Map<String, Object>) t);
                base.put(e.getKey(), copy);
            } else if (mine instanceof List<?> m && theirs instanceof List<?> t) {
                base.put(e.getKey(), MERGED_BY_NAME.contains(e.getKey()) ? byName((List<Object>) m, (List<Object>) t) : append(m, t));
            } else {
                base.put(e.getKey(), theirs);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> byName(List<Object> mine, List<Object> theirs) {
        List<Object> out = new ArrayList<>(mine);
        for (Object t : theirs) {
            Object name = t instanceof Map<?, ?> tm ? tm.get("name") : null;
            int at = -1;
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i) instanceof Map<?, ?> om && name != null && name.equals(om.get("name"))) {
                    at = i;
                }
            }
            if (at < 0) {
                out.add(t);
            } else {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) out.get(at));
                merge(copy, (Map<String, Object>) t);
                out.set(at, copy);
            }
        }
        return out;
    }

    private static List<Object> append(List<?> mine, List<?> theirs) {
        List<Object> out = new ArrayList<>(mine);
        for (Object t : theirs) {
            if (out.stream().noneMatch(o -> Objects.equals(o, t))) {
                out.add(t);
            }
        }
        return out;
    }

    private static Set<String> containerNames(PodTemplateSpec pod) {
        Set<String> names = new java.util.HashSet<>();
        pod.getSpec().getContainers().forEach(c -> names.add(c.getName()));
        if (pod.getSpec().getInitContainers() != null) {
            pod.getSpec().getInitContainers().forEach(c -> names.add(c.getName()));
        }
        return names;
    }

    private static void secureAdded(List<Container> containers, Set<String> ours) {
        if (containers == null) {
            return;
        }
        for (Container c : containers) {
            if (!ours.contains(c.getName()) && c.getSecurityContext() == null) {
                c.setSecurityContext(KubernetesRenderer.restricted(null));
            }
        }
    }
}
