package io.modelarts.train.testing.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One permission an API request needs, in RBAC's terms: API group, resource (with {@code /subresource}), verb,
 * and whether the object is namespaced. {@link #of(String)} turns a line of {@link ApiRequestLog} into the
 * permissions the API server's authorizer (and the owner-reference admission) checks for it.
 */
public record ApiPermission(String group, String resource, String verb, boolean namespaced) {

    /** Plural resource names of the kinds our objects name as owners. */
    private static final Map<String, String> OWNER_RESOURCES = Map.of("Job", "jobs");
    /** Non-resource paths the default cluster roles open to everyone. */
    private static final java.util.Set<String> PUBLIC_PATHS = java.util.Set.of("/version", "/api", "/apis", "/healthz", "/livez", "/readyz");

    @Override
    public String toString() {
        return verb + " " + resource + (group.isEmpty() ? "" : "." + group) + (namespaced ? "" : " (cluster-scoped)");
    }

    /**
     * The permissions of one recorded request {@code METHOD<TAB>path?query[<TAB>blockOwnerDeletion=apiVersion/Kind,...]}.
     *
     * @return nothing for discovery and {@code /version}, which every cluster allows to every user
     * @throws IllegalArgumentException for another path that is no resource request: no Role can grant it, and the
     *                                  code is not expected to send one
     */
    public static List<ApiPermission> of(String line) {
        String[] fields = line.split("\t");
        if (fields.length < 2) {
            throw new IllegalArgumentException("not a recorded request: '" + line + "'");
        }
        String method = fields[0].toUpperCase(Locale.ROOT);
        int q = fields[1].indexOf('?');
        String path = q < 0 ? fields[1] : fields[1].substring(0, q);
        String query = q < 0 ? "" : fields[1].substring(q + 1);
        if (PUBLIC_PATHS.contains(path)) {
            // discovery and version: every cluster's default roles (system:discovery, system:public-info-viewer)
            // grant them to every authenticated user
            return List.of();
        }
        List<String> seg = new ArrayList<>(List.of(path.replaceFirst("^/", "").split("/")));
        String group;
        if (seg.size() >= 2 && seg.get(0).equals("api")) {
            group = "";
            seg = seg.subList(2, seg.size());
        } else if (seg.size() >= 3 && seg.get(0).equals("apis")) {
            group = seg.get(1);
            seg = seg.subList(3, seg.size());
        } else {
            throw new IllegalArgumentException("not a resource request: " + method + " " + fields[1]);
        }
        boolean namespaced = seg.size() >= 2 && seg.get(0).equals("namespaces");
        if (namespaced && seg.size() == 2) {
            // the namespace object itself
            namespaced = false;
        } else if (namespaced) {
            seg = seg.subList(2, seg.size());
        }
        if (seg.isEmpty() || seg.size() > 3) {
            throw new IllegalArgumentException("not a resource request: " + method + " " + fields[1]);
        }
        String resource = seg.get(0) + (seg.size() == 3 ? "/" + seg.get(2) : "");
        boolean named = seg.size() >= 2;
        String verb = switch (method) {
            case "GET", "HEAD" -> named ? "get" : watch(query) ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> throw new IllegalArgumentException("unexpected method: " + line);
        };
        List<ApiPermission> out = new ArrayList<>();
        out.add(new ApiPermission(group, resource, verb, namespaced));
        if (fields.length > 2 && fields[2].startsWith("blockOwnerDeletion=")) {
            // OwnerReferencesPermissionEnforcement: setting owner references needs delete on the object itself, and
            // blockOwnerDeletion needs update on the owner's finalizers subresource
            out.add(new ApiPermission(group, seg.get(0), "delete", namespaced));
            for (String owner : fields[2].substring("blockOwnerDeletion=".length()).split(",")) {
                int slash = owner.lastIndexOf('/');
                String apiVersion = owner.substring(0, slash);
                String kind = owner.substring(slash + 1);
                String ownerGroup = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
                String ownerResource = OWNER_RESOURCES.get(kind);
                if (ownerResource == null) {
                    throw new IllegalArgumentException("owner kind " + kind + " has no known resource name (add it to ApiPermission): " + line);
                }
                out.add(new ApiPermission(ownerGroup, ownerResource + "/finalizers", "update", namespaced));
            }
        }
        return out;
    }

    private static boolean watch(String query) {
        for (String p : query.split("&")) {
            if (p.equals("watch=true") || p.equals("watch=1")) {
                return true;
            }
        }
        return false;
    }
}
