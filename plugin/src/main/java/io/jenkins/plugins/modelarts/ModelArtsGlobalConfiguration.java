package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.BulkChange;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.util.FormValidation;
import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.pool.PoolCatalogLoader;
import io.modelarts.train.rules.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.GlobalConfiguration;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * "ModelArts Train" in Manage Jenkins » System: the Kubernetes clusters, the pool catalog (pools with their flavors,
 * engines and storages), the object store and the cluster-wide job settings. JCasC-friendly: a {@code @Symbol},
 * data-bound setters that save, nested describables and lists only (no maps):
 *
 * <pre>
 * unclassified:
 *   modelartsTrain:
 *     clusters:
 *       - name: gpu-cluster
 *         serverUrl: https://k8s.example.com:6443
 *         credentialsId: gpu-cluster-kubeconfig
 *     pools:
 *       - name: gpu-pool
 *         type: dedicated
 *         namespace: ml-train
 *         flavors:
 *           - id: gpu-1x
 *             type: GPU
 *             cpu: "8"
 *             memory: 64Gi
 *             gpus: 1
 *     cleanupOrphanedJobs: true   # off by default
 *     cleanupDryRun: true         # only log what would be deleted
 * </pre>
 *
 * The catalog is turned into the engine's {@link PoolCatalog} by {@link PoolCatalogLoader#fromTree}, so the
 * CLI's pool file and this page follow the same rules.
 */
@Extension
@Symbol("modelartsTrain")
public class ModelArtsGlobalConfiguration extends GlobalConfiguration {

    /** Loads the plugin's permissions together with its configuration, so that Jenkins lists them. */
    static final hudson.security.Permission HIGHEST_JOB_PRIORITY = ModelArtsPermissions.HIGHEST_JOB_PRIORITY;

    private List<KubernetesCluster> clusters = new ArrayList<>();
    private List<ResourcePool> pools = new ArrayList<>();
    private ObjectStoreSettings objectStore;
    private String transferImage;
    private Integer ttlSecondsAfterFinished;
    /** Delete this controller's Jobs whose build is over or gone ({@link OrphanedJobCleanup}); off by default. */
    private boolean cleanupOrphanedJobs;
    /** With {@link #cleanupOrphanedJobs}: only log what would be deleted. */
    private boolean cleanupDryRun;
    /** Saved algorithms and datasets (assets-file YAML) that every job may refer to; see {@link GlobalAssets}. */
    private String assets;
    /** Identifies this controller in the Kubernetes Jobs it creates; made once, kept in the configuration file. */
    private String controllerId;

    public ModelArtsGlobalConfiguration() {
        load();
        if (controllerId == null) {
            controllerId = java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            super.save(); // not this.save(): nothing cached depends on it
        }
    }

    /** This controller's id in its jobs' submission keys (not a form field: never edited, never exported). */
    String controllerId() {
        return controllerId;
    }

    public static ModelArtsGlobalConfiguration get() {
        return ExtensionList.lookupSingleton(ModelArtsGlobalConfiguration.class);
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return Messages.ModelArtsGlobalConfiguration_DisplayName();
    }

    public List<KubernetesCluster> getClusters() {
        return clusters == null ? List.of() : clusters;
    }

    @DataBoundSetter
    public void setClusters(List<KubernetesCluster> clusters) {
        this.clusters = clusters == null ? new ArrayList<>() : new ArrayList<>(clusters);
        save();
    }

    public List<ResourcePool> getPools() {
        return pools == null ? List.of() : pools;
    }

    @DataBoundSetter
    public void setPools(List<ResourcePool> pools) {
        this.pools = pools == null ? new ArrayList<>() : new ArrayList<>(pools);
        save();
    }

    public ObjectStoreSettings getObjectStore() {
        return objectStore;
    }

    @DataBoundSetter
    public void setObjectStore(ObjectStoreSettings objectStore) {
        this.objectStore = objectStore;
        save();
    }

    public String getTransferImage() {
        return transferImage;
    }

    @DataBoundSetter
    public void setTransferImage(String transferImage) {
        this.transferImage = Util.fixEmptyAndTrim(transferImage);
        save();
    }

    public Integer getTtlSecondsAfterFinished() {
        return ttlSecondsAfterFinished;
    }

    @DataBoundSetter
    public void setTtlSecondsAfterFinished(Integer ttlSecondsAfterFinished) {
        this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
        save();
    }

    public boolean isCleanupOrphanedJobs() {
        return cleanupOrphanedJobs;
    }

    @DataBoundSetter
    public void setCleanupOrphanedJobs(boolean cleanupOrphanedJobs) {
        this.cleanupOrphanedJobs = cleanupOrphanedJobs;
        save();
    }

    public boolean isCleanupDryRun() {
        return cleanupDryRun;
    }

    @DataBoundSetter
    public void setCleanupDryRun(boolean cleanupDryRun) {
        this.cleanupDryRun = cleanupDryRun;
        save();
    }

    public String getAssets() {
        return assets;
    }

    /**
     * The saved algorithms and datasets, as an assets file's YAML. Invalid text is refused with every problem named
     * ({@code IllegalArgumentException}: the form reports it on the field, Configuration as Code fails to apply).
     */
    @DataBoundSetter
    public void setAssets(String assets) {
        String text = Util.fixEmptyAndTrim(assets) == null ? null : assets;
        String invalid = GlobalAssets.invalid(text);
        if (invalid != null) {
            throw new IllegalArgumentException(invalid);
        }
        this.assets = text;
        save();
    }

    /** The configured saved algorithms and datasets, or null when there are none. */
    @CheckForNull
    io.modelarts.train.assets.AssetCatalog assetCatalog() throws AbortException {
        return GlobalAssets.catalog(assets);
    }

    public FormValidation doCheckAssets(@QueryParameter String value) {
        return GlobalAssets.check(value);
    }

    /**
     * Binds the submitted section. Lists and the optional object store are reset first: a form without rows sends
     * no key for them, and removed entries must go.
     */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        // refused before anything changes, so that a rejected form leaves the configuration as it was
        String invalidAssets = GlobalAssets.invalid(json.optString(GlobalAssets.FIELD, null));
        if (invalidAssets != null) {
            throw new FormException(invalidAssets, GlobalAssets.FIELD);
        }
        try (BulkChange bc = new BulkChange(this)) {
            clusters = new ArrayList<>();
            pools = new ArrayList<>();
            objectStore = null;
            transferImage = null;
            ttlSecondsAfterFinished = null;
            cleanupOrphanedJobs = false;
            cleanupDryRun = false;
            assets = null;
            req.bindJSON(this, json);
            bc.commit();
        } catch (IOException e) {
            throw new FormException(e, "modelartsTrain");
        }
        return true;
    }

    /** Saves, and retires the cached clients and backends so that new jobs use the new settings. */
    @Override
    public synchronized void save() {
        super.save();
        if (!BulkChange.contains(this)) {
            ClientCache.get().invalidate();
        }
    }

    /** The cluster named {@code name}, or the first one when {@code name} is null. */
    @NonNull
    KubernetesCluster cluster(@CheckForNull String name) throws AbortException {
        List<KubernetesCluster> all = getClusters();
        if (all.isEmpty()) {
            throw new AbortException(Messages.ModelArtsGlobalConfiguration_NoCluster());
        }
        if (name == null) {
            return all.get(0);
        }
        for (KubernetesCluster c : all) {
            if (name.equals(c.getName())) {
                return c;
            }
        }
        List<String> names = new ArrayList<>();
        all.forEach(c -> names.add(c.getName()));
        throw new AbortException(Messages.ModelArtsGlobalConfiguration_UnknownCluster(name, String.join(", ", names)));
    }

    /** The pool catalog in the CLI's pool-file shape (maps, lists and scalars). */
    Map<String, Object> toTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        Trees.putList(m, "pools", getPools(), ResourcePool::toTree);
        if (objectStore != null) {
            m.put("storage", objectStore.toTree());
        }
        Map<String, Object> k = new LinkedHashMap<>();
        Trees.put(k, "transferImage", transferImage);
        Trees.put(k, "ttlSecondsAfterFinished", ttlSecondsAfterFinished);
        if (!k.isEmpty()) {
            m.put("kubernetes", k);
        }
        return m;
    }

    /** The catalog's problems, errors and warnings, with field paths as in a pool file. */
    List<Problem> catalogProblems() {
        return PoolCatalogLoader.fromTree(toTree()).problems();
    }

    /** The engine's pool catalog; refuses to run jobs on an invalid one. */
    @NonNull
    PoolCatalog toCatalog() throws AbortException {
        PoolCatalogLoader.Result r = PoolCatalogLoader.fromTree(toTree());
        if (r.hasErrors()) {
            StringBuilder s = new StringBuilder(Messages.ModelArtsGlobalConfiguration_InvalidCatalog());
            for (Problem p : r.problems()) {
                if (p.isError()) {
                    s.append("\n  ").append(p);
                }
            }
            throw new AbortException(s.toString());
        }
        return r.catalog();
    }

    public FormValidation doCheckTransferImage(@QueryParameter String value) {
        return FieldChecks.checkCatalog("kubernetes.transferImage",
                Map.of("kubernetes", Map.of("transferImage", Util.fixNull(value).trim())), value);
    }

    public FormValidation doCheckTtlSecondsAfterFinished(@QueryParameter String value) {
        return FieldChecks.checkCatalog("kubernetes.ttlSecondsAfterFinished",
                Map.of("kubernetes", Map.of("ttlSecondsAfterFinished", Util.fixNull(value).trim())), value);
    }
}
