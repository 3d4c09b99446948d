package io.modelarts.train.testing.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Roles and ClusterRoles of an RBAC file (several YAML documents) and a check of recorded API requests against
 * them, both ways: each request must be granted (a namespaced one by a bound Role or ClusterRole, a cluster-scoped
 * one by a ClusterRole bound with a ClusterRoleBinding), and each verb on each resource a rule grants must be needed
 * by some request (least privilege). Wildcards are refused: they grant more than any request shows.
 */
public final class RbacRules {

    /** One role's grant of one verb on one resource of one group. */
    private record Grant(String role, String group, String resource, String verb) {
    }

    private final List<Grant> namespacedGrants = new ArrayList<>();
    private final List<Grant> clusterGrants = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private RbacRules() {
    }

    public static RbacRules load(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    docs.add(d);
                }
            }
        }
        return of(docs);
    }

    public static RbacRules parse(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                docs.add(it.next());
            }
        }
        return of(docs);
    }

    private static RbacRules of(List<JsonNode> docs) {
        RbacRules r = new RbacRules();
        Set<String> roleBound = new LinkedHashSet<>();
        Set<String> clusterRoleBoundEverywhere = new LinkedHashSet<>();
        Set<String> clusterRoleBoundInNamespace = new LinkedHashSet<>();
        Map<String, JsonNode> roles = new LinkedHashMap<>();
        for (JsonNode d : docs) {
            String kind = d.path("kind").asText();
            String name = d.path("metadata").path("name").asText();
            switch (kind) {
                case "Role", "ClusterRole" -> roles.put(kind + " " + name, d);
                case "RoleBinding" -> {
                    String refKind = d.path("roleRef").path("kind").asText();
                    (refKind.equals("Role") ? roleBound : clusterRoleBoundInNamespace).add(d.path("roleRef").path("name").asText());
                }
                case "ClusterRoleBinding" -> clusterRoleBoundEverywhere.add(d.path("roleRef").path("name").asText());
                default -> r.problems.add("unexpected document kind '" + kind + "' (" + name + ")");
            }
        }
        roles.forEach((key, d) -> {
            String name = d.path("metadata").path("name").asText();
            boolean cluster = key.startsWith("ClusterRole ");
            boolean bound = cluster ? clusterRoleBoundEverywhere.contains(name) || clusterRoleBoundInNamespace.contains(name)
                    : roleBound.contains(name);
            if (!bound) {
                r.problems.add(key + " is bound by no " + (cluster ? "ClusterRoleBinding or RoleBinding" : "RoleBinding"));
            }
            for (JsonNode rule : d.path("rules")) {
                for (JsonNode g : rule.path("apiGroups")) {
                    for (JsonNode res : rule.path("resources")) {
                        for (JsonNode v : rule.path("verbs")) {
                            if (g.asText().equals("*") || res.asText().equals("*") || v.asText().equals("*")) {
                                r.problems.add(key + " uses a wildcard (" + g.asText() + "/" + res.asText() + "/" + v.asText()
                                        + "): grant what the requests need, by name");
                                continue;
                            }
                            Grant grant = new Grant(key, g.asText(), res.asText(), v.asText());
                            if (!cluster || clusterRoleBoundInNamespace.contains(name)) {
                                r.namespacedGrants.add(grant);
                            }
                            if (cluster && clusterRoleBoundEverywhere.contains(name)) {
                                r.clusterGrants.add(grant);
                                r.namespacedGrants.add(grant);
                            }
                        }
                    }
                }
                if (rule.has("resourceNames") || rule.has("nonResourceURLs")) {
                    r.problems.add(key + ": resourceNames and nonResourceURLs are not checked here; leave them out");
                }
            }
        });
        return r;
    }

    /**
     * What is wrong with these rules for these recorded requests ({@link ApiRequestLog} lines): requests no rule
     * grants, and (with {@code reportUnused}) grants no request needs. Empty when the rules fit exactly.
     */
    public List<String> check(Collection<String> requestLines, boolean reportUnused) {
        List<String> out = new ArrayList<>(problems);
        Map<ApiPermission, String> needed = new LinkedHashMap<>();
        for (String line : requestLines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                for (ApiPermission p : ApiPermission.of(line)) {
                    needed.putIfAbsent(p, line.replace('\t', ' '));
                }
            } catch (IllegalArgumentException e) {
                out.add(e.getMessage());
            }
        }
        Set<Grant> used = new LinkedHashSet<>();
        needed.forEach((p, example) -> {
            List<Grant> from = p.namespaced() ? namespacedGrants : clusterGrants;
            Grant g = from.stream().filter(x -> x.group().equals(p.group()) && x.resource().equals(p.resource()) && x.verb().equals(p.verb()))
                    .findFirst().orElse(null);
            if (g == null) {
                out.add("not allowed: '" + p + "' (e.g. " + example + ") needs a rule with apiGroups [\"" + p.group() + "\"], resources [\""
                        + p.resource() + "\"], verbs [\"" + p.verb() + "\"] in a " + (p.namespaced() ? "bound Role" : "ClusterRole with a ClusterRoleBinding"));
            } else {
                used.add(g);
            }
        });
        if (reportUnused) {
            Set<Grant> all = new LinkedHashSet<>(namespacedGrants);
            all.addAll(clusterGrants);
            for (Grant g : all) {
                if (!used.contains(g)) {
                    out.add("unused: " + g.role() + " grants '" + g.verb() + " " + g.resource() + (g.group().isEmpty() ? "" : "." + g.group())
                            + "', which no request of the tests needed");
                }
            }
        }
        return out;
    }

    /**
     * The check the build runs after a module's tests (profile {@code rbac-check}): loads the RBAC file named by
     * {@code modelarts.test.rbacFile}, reads the request files named by {@code modelarts.test.apiRequestLogs}
     * (comma-separated; each must exist, so a test run that recorded nothing cannot pass), and fails listing every
     * problem. {@code modelarts.test.rbacReportUnused=true} also fails on grants no request needed: set it only where
     * the recorded requests cover every feature (core's Kubernetes tests).
     */
    public static void checkRecordedRequests() throws IOException {
        Path rbac = Path.of(System.getProperty("modelarts.test.rbacFile", "../docs/rbac.yaml"));
        List<String> lines = new ArrayList<>();
        for (String f : System.getProperty("modelarts.test.apiRequestLogs", "").split(",")) {
            if (f.isBlank()) {
                continue;
            }
            Path p = Path.of(f.trim());
            if (!java.nio.file.Files.isRegularFile(p) || java.nio.file.Files.size(p) == 0) {
                throw new AssertionError("no API requests recorded in " + p + ": run the module's tests first (a full run, not -Dtest)");
            }
            lines.addAll(java.nio.file.Files.readAllLines(p));
        }
        if (lines.isEmpty()) {
            throw new AssertionError("no request files given in modelarts.test.apiRequestLogs");
        }
        List<String> problems = load(rbac).check(lines, Boolean.getBoolean("modelarts.test.rbacReportUnused"));
        if (!problems.isEmpty()) {
            throw new AssertionError(rbac + " does not fit the " + lines.size() + " API requests the tests recorded:\n  "
                    + String.join("\n  ", problems));
        }
    }
}
