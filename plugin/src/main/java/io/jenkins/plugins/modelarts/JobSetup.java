package io.jenkins.plugins.modelarts;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.modelarts.train.assets.AssetCatalog;
import io.modelarts.train.assets.AssetCatalogLoader;
import io.modelarts.train.assets.AssetResolver;
import io.modelarts.train.engine.JobPreparation;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.pool.Pool;
import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.spec.JobSpecLoader;
import io.modelarts.train.spec.YamlTrees;
import io.modelarts.train.validation.ValidationContext;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.springframework.security.core.Authentication;

/**
 * The first half of a build's work, shared by the Pipeline step and the freestyle builder: read the job (step
 * parameters deep-merged over the job file), check it with the core validator against the configured pool
 * catalog and the build's permissions, plan it, and resolve the cluster and object-store credentials in the
 * build's context. Nothing is submitted here.
 */
final class JobSetup {

    static final String KUBERNETES = "kubernetes";
    static final String LOCAL = "local";
    /** Workspace folder of the collected artifacts: {@code modelarts/<job name>/}. */
    static final String WORKSPACE_DIR = "modelarts";

    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(token|password|secret|key-data|client-key|credential).*");

    private JobSetup() {
    }

    /** Everything a submission needs; lives in memory only (it holds secrets). */
    static final class Prepared {
        final String backend;
        final JobPlan plan;
        final Map<String, Object> tree;
        final String baseDir;
        final KubernetesCluster cluster;
        final ClusterAuth auth;
        final PoolCatalog catalog;
        final S3Access s3;
        final List<String> secrets;
        final boolean highestPriority;

        Prepared(String backend, JobPlan plan, Map<String, Object> tree, String baseDir, KubernetesCluster cluster, ClusterAuth auth,
                 PoolCatalog catalog, S3Access s3, List<String> secrets, boolean highestPriority) {
            this.backend = backend;
            this.plan = plan;
            this.tree = tree;
            this.baseDir = baseDir;
            this.cluster = cluster;
            this.auth = auth;
            this.catalog = catalog;
            this.s3 = s3;
            this.secrets = secrets;
            this.highestPriority = highestPriority;
        }

        String jobName() {
            return plan.jobName();
        }

        boolean isLocal() {
            return LOCAL.equals(backend);
        }

        /** The collected artifacts' folder, relative to the workspace and in the build's artifacts. */
        String artifactsFolder() {
            return WORKSPACE_DIR + "/" + jobName();
        }
    }

    /** The job as loaded from parameters and file, before checking. */
    record Loaded(Map<String, Object> tree, String baseDir, JobSpecLoader.Result result) {
    }

    /** Loads, checks and plans the job and resolves its connections. Throws {@link AbortException} for the user's mistakes. */
    static Prepared prepare(StepRequest req, Run<?, ?> run, @CheckForNull FilePath ws, TaskListener listener,
                            @CheckForNull Authentication auth, String submissionKey) throws IOException, InterruptedException {
        ModelArtsGlobalConfiguration config = ModelArtsGlobalConfiguration.get();
        String backend = backend(req.backend(), config);
        Loaded loaded = load(req, ws);
        boolean highest = Permissions.mayUseHighestPriority(run, auth);

        PoolCatalog catalog = null;
        ValidationContext ctx;
        if (KUBERNETES.equals(backend)) {
            catalog = config.toCatalog();
            // local paths are on the agent, and the renderer refuses them anyway: a Kubernetes job reads the object store
            ctx = ValidationContext.withCatalog(catalog).withoutLocalFileChecks();
        } else {
            ctx = ValidationContext.local();
            if (ws == null || ws.isRemote()) {
                ctx = ctx.withoutLocalFileChecks(); // checked again on the agent before the job starts
            }
        }
        AssetCatalog assets = assets(config, req, ws);
        JobPreparation prep = JobPreparation.prepare(loaded.result(), catalog, ctx.allowingHighestPriority(highest).withAssets(assets));
        for (Problem w : prep.warnings()) {
            listener.getLogger().println(JenkinsConsole.PREFIX + "warning: " + w.field() + ": " + w.message());
        }
        List<Problem> refused = KUBERNETES.equals(backend) ? folderProblems(config, req.cluster(), prep, run) : List.of();
        if (!prep.isReady() || !refused.isEmpty()) {
            List<Problem> errors = new ArrayList<>(prep.problems().errors());
            errors.addAll(refused);
            throw new AbortException(invalid(req, errors));
        }
        JobPlan plan = prep.plan().withSubmissionKey(submissionKey);
        // persisted resolved, so that a resumed step plans the same job without reading the assets file again
        Map<String, Object> tree = assets == null ? loaded.tree() : AssetResolver.resolvedTree(loaded.tree(), prep.spec());
        Prepared p = connect(config, backend, req.cluster(), run, plan, tree, loaded.baseDir(), catalog, highest);
        StorePreflight.check(p, listener, errors -> invalid(req, errors));
        return p;
    }

    /**
     * The administrator's folder restrictions of the job's cluster and pool, for the build's job: a problem on
     * {@code cluster} or {@code resources.pool} for each one it may not use. An unknown cluster or pool is left
     * to the checks that name it.
     */
    static List<Problem> folderProblems(ModelArtsGlobalConfiguration config, @CheckForNull String clusterName, JobPreparation prep,
                                        Run<?, ?> run) {
        String job = run.getParent().getFullName();
        List<Problem> out = new ArrayList<>();
        for (KubernetesCluster c : config.getClusters()) {
            if (clusterName == null ? c == config.getClusters().get(0) : clusterName.equals(c.getName())) {
                Problem p = c.folderRestrictions().check("cluster", Messages.FolderRestrictions_Cluster(c.getName()), job);
                if (p != null) {
                    out.add(p);
                }
                break;
            }
        }
        String pool = prep.spec() == null || prep.spec().resources() == null ? null : prep.spec().resources().pool();
        for (ResourcePool rp : config.getPools()) {
            if (pool != null && pool.equals(rp.getName())) {
                Problem p = rp.folderRestrictions().check("resources.pool", Messages.FolderRestrictions_Pool(rp.getName()), job);
                if (p != null) {
                    out.add(p);
                }
                break;
            }
        }
        return out;
    }

    /**
     * After a controller restart: the persisted job tree planned again against the current catalog, and the
     * connections resolved again. The job was checked when it was submitted; if the configuration changed so much
     * that it no longer plans, the plan is null (the job is still followed, without further auto-restart attempts).
     */
    static Prepared forResume(StepRequest req, String backend, Map<String, Object> tree, String baseDir, Run<?, ?> run,
                              String submissionKey, TaskListener listener, @CheckForNull Authentication auth) throws IOException {
        ModelArtsGlobalConfiguration config = ModelArtsGlobalConfiguration.get();
        PoolCatalog catalog = KUBERNETES.equals(backend) ? config.toCatalog() : null;
        JobPlan plan = null;
        // later attempts are new submissions: priority 3 only if the user who started the step may still use it
        boolean highest = Permissions.mayUseHighestPriority(run, auth);
        JobSpecLoader.Result loaded = JobSpecLoader.fromTree(tree, baseDir == null ? null : safePath(baseDir));
        ValidationContext ctx = (catalog == null ? ValidationContext.local() : ValidationContext.withCatalog(catalog))
                .withoutLocalFileChecks().allowingHighestPriority(highest);
        JobPreparation prep = JobPreparation.prepare(loaded, catalog, ctx);
        if (prep.isReady()) {
            plan = prep.plan().withSubmissionKey(submissionKey);
        } else {
            for (Problem e : prep.problems().errors()) {
                listener.getLogger().println(JenkinsConsole.PREFIX + "warning: " + e.field() + ": " + e.message());
            }
            listener.getLogger().println(JenkinsConsole.PREFIX + Messages.JobSetup_ResumeWithoutPlan());
        }
        return connect(config, backend, req.cluster(), run, plan, tree, baseDir, catalog, highest);
    }

    private static Prepared connect(ModelArtsGlobalConfiguration config, String backend, String clusterName, Run<?, ?> run,
                                    JobPlan plan, Map<String, Object> tree, String baseDir, PoolCatalog catalog, boolean highest)
            throws IOException {
        Set<String> secrets = new LinkedHashSet<>();
        KubernetesCluster cluster = null;
        ClusterAuth auth = ClusterAuth.NONE;
        if (KUBERNETES.equals(backend)) {
            String poolName = plan == null || plan.spec().resources() == null ? null : plan.spec().resources().pool();
            cluster = config.cluster(clusterOfPool(clusterName, poolName, catalog));
            if (cluster.getCredentialsId() != null) {
                StandardCredentials c = CredentialsSupport.forBuild(cluster.getCredentialsId(), StandardCredentials.class, run);
                if (c == null) {
                    throw new AbortException(Messages.JobSetup_ClusterCredentialsNotFound(cluster.getCredentialsId(), cluster.getName()));
                }
                auth = KubernetesCluster.auth(c);
                if (auth == null) {
                    throw new AbortException(Messages.KubernetesCluster_Credentials_WrongType(cluster.getCredentialsId()));
                }
                secrets.addAll(secretsOf(auth));
            }
        }
        S3Access s3 = null;
        ObjectStoreSettings os = config.getObjectStore();
        if (os != null) {
            String ak = null;
            String sk = null;
            if (os.getCredentialsId() != null) {
                StandardUsernamePasswordCredentials c = CredentialsSupport.forBuild(os.getCredentialsId(),
                        StandardUsernamePasswordCredentials.class, run);
                if (c == null) {
                    throw new AbortException(Messages.JobSetup_StoreCredentialsNotFound(os.getCredentialsId()));
                }
                ak = c.getUsername();
                sk = c.getPassword().getPlainText();
                secrets.add(sk);
                secrets.add(ak);
            }
            String token = null;
            if (os.getSessionTokenCredentialsId() != null) {
                StringCredentials t = CredentialsSupport.forBuild(os.getSessionTokenCredentialsId(), StringCredentials.class, run);
                if (t == null) {
                    throw new AbortException(Messages.JobSetup_StoreCredentialsNotFound(os.getSessionTokenCredentialsId()));
                }
                if (ak == null) {
                    throw new AbortException(Messages.ObjectStoreSettings_SessionTokenWithoutKeys());
                }
                token = t.getSecret().getPlainText();
                secrets.add(token);
            }
            s3 = os.connect(new S3Access(os.getEndpoint(), os.getRegion(), os.isPathStyle(), ak, sk, token));
        }
        secrets.removeIf(s -> s == null || s.length() < 4);
        return new Prepared(backend, plan, tree, baseDir, cluster, auth, catalog, s3, List.copyOf(secrets), highest);
    }

    /**
     * The cluster a job runs in: the one its pool names, else the step's {@code cluster} (null: the default). A step
     * that names another cluster than its pool is refused: the pool's namespace lives in the pool's cluster.
     */
    static String clusterOfPool(String stepCluster, String poolName, PoolCatalog catalog) throws AbortException {
        String poolCluster = catalog == null || poolName == null ? null : catalog.pool(poolName).map(Pool::cluster).orElse(null);
        if (poolCluster == null) {
            return stepCluster;
        }
        if (stepCluster != null && !stepCluster.equals(poolCluster)) {
            throw new AbortException(Messages.JobSetup_ClusterOfPool(stepCluster, poolName, poolCluster));
        }
        return poolCluster;
    }

    /** {@code kubernetes} (the default when a cluster is configured) or {@code local}. */
    static String backend(@CheckForNull String requested, ModelArtsGlobalConfiguration config) throws AbortException {
        if (requested == null) {
            if (config.getClusters().isEmpty()) {
                throw new AbortException(Messages.JobSetup_NoBackend());
            }
            return KUBERNETES;
        }
        String b = requested.trim().toLowerCase(Locale.ROOT);
        if (!b.equals(KUBERNETES) && !b.equals(LOCAL)) {
            throw new AbortException(Messages.JobSetup_UnknownBackend(requested));
        }
        return b;
    }

    /**
     * The saved algorithms and datasets a job may refer to: the global configuration's, with the step's assets file
     * on top ({@link AssetCatalog#overriddenBy}); null when there are none.
     */
    static AssetCatalog assets(ModelArtsGlobalConfiguration config, StepRequest req, @CheckForNull FilePath ws)
            throws IOException, InterruptedException {
        AssetCatalog global = config.assetCatalog();
        AssetCatalog file = assets(req, ws);
        return global == null ? file : global.overriddenBy(file);
    }

    /** The step's assets file (saved algorithms and datasets) read from the workspace, or null when none is given. */
    static AssetCatalog assets(StepRequest req, @CheckForNull FilePath ws) throws IOException, InterruptedException {
        if (req.assets() == null) {
            return null;
        }
        if (ws == null) {
            throw new AbortException(Messages.JobSetup_AssetsNeedsWorkspace(req.assets()));
        }
        FilePath f = ws.child(req.assets());
        if (!f.exists()) {
            throw new AbortException(Messages.JobSetup_AssetsNotFound(req.assets(), ws.getRemote()));
        }
        FilePath parent = f.getParent();
        AssetCatalogLoader.Result r = AssetCatalogLoader.loadText(f.readToString(), req.assets(),
                safePath(parent == null ? ws.getRemote() : parent.getRemote()));
        if (r.hasErrors()) {
            StringBuilder s = new StringBuilder(Messages.JobSetup_AssetsInvalid(req.assets()));
            r.problems().stream().filter(Problem::isError).forEach(p -> s.append("\n  ").append(p));
            throw new AbortException(s.toString());
        }
        return r.catalog();
    }

    /** The step parameters deep-merged over the job file (when given), with the job's name fixed. */
    static Loaded load(StepRequest req, @CheckForNull FilePath ws) throws IOException, InterruptedException {
        Map<String, Object> params = req.tree() == null ? Map.of() : req.tree();
        Map<String, Object> merged;
        String baseDir;
        if (req.file() != null) {
            if (ws == null) {
                throw new AbortException(Messages.JobSetup_FileNeedsWorkspace(req.file()));
            }
            FilePath f = ws.child(req.file());
            if (!f.exists()) {
                throw new AbortException(Messages.JobSetup_FileNotFound(req.file(), ws.getRemote()));
            }
            String text = f.readToString();
            List<Problem> problems = new ArrayList<>();
            Object fileTree = YamlTrees.parse(text, req.file(), problems);
            if (fileTree == null) {
                throw new AbortException(invalid(req, problems));
            }
            if (!(fileTree instanceof Map<?, ?> fileMap)) {
                throw new AbortException(Messages.JobSetup_FileNotMapping(req.file()));
            }
            merged = YamlTrees.merge(stringKeys(fileMap), params);
            FilePath parent = f.getParent();
            baseDir = parent == null ? ws.getRemote() : parent.getRemote();
        } else {
            merged = new LinkedHashMap<>(params);
            baseDir = ws == null ? null : ws.getRemote();
        }
        JobSpecLoader.Result result = JobSpecLoader.fromTree(merged, baseDir == null ? null : safePath(baseDir));
        @SuppressWarnings("unchecked")
        Map<String, Object> persisted = (Map<String, Object>) Trees.serializableCopy(merged);
        if (result.spec() != null && merged.get("name") == null && result.spec().name() != null) {
            // a generated name is fixed now, so that a resumed step plans the same job
            persisted.put("name", result.spec().name());
        }
        return new Loaded(persisted, baseDir, result);
    }

    /**
     * The values of a kubeconfig, token or client key to mask: the token or the key itself, or the kubeconfig's
     * tokens, passwords and keys.
     */
    static List<String> secretsOf(ClusterAuth auth) {
        List<String> out = new ArrayList<>();
        if (auth.material == null) {
            return out;
        }
        if (auth.kind == ClusterAuth.Kind.TOKEN || auth.kind == ClusterAuth.Kind.CERTIFICATE) {
            out.add(auth.material.trim());
            return out;
        }
        Object tree = YamlTrees.parse(auth.material, "kubeconfig", new ArrayList<>());
        collectSecrets(tree, null, out, 0);
        return out;
    }

    private static void collectSecrets(Object node, String key, List<String> out, int depth) {
        if (depth > 32) {
            return;
        }
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                collectSecrets(e.getValue(), String.valueOf(e.getKey()), out, depth + 1);
            }
        } else if (node instanceof List<?> l) {
            for (Object o : l) {
                collectSecrets(o, key, out, depth + 1);
            }
        } else if (node instanceof String s && key != null && SECRET_KEY.matcher(key).matches() && !s.isBlank()) {
            out.add(s.trim());
        }
    }

    private static String invalid(StepRequest req, List<Problem> errors) {
        StringBuilder s = new StringBuilder(req.file() == null ? Messages.JobSetup_Invalid() : Messages.JobSetup_InvalidWithFile(req.file()));
        for (Problem p : errors) {
            s.append("\n  ").append(p);
        }
        return s.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        boolean allStrings = m.keySet().stream().allMatch(k -> k instanceof String);
        if (allStrings) {
            return (Map<String, Object>) m;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    @NonNull
    private static Path safePath(String dir) {
        try {
            return Path.of(dir);
        } catch (InvalidPathException e) {
            return Path.of(".");
        }
    }
}
