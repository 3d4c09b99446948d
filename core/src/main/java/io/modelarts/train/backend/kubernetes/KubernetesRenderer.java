package io.modelarts.train.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.modelarts.train.plan.ContainerLayout;

import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.plan.PathMapper;
import io.modelarts.train.pool.Flavor;
import io.modelarts.train.pool.Pool;
import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.pool.PoolStorage;
import io.modelarts.train.pool.StorageSettings;
import io.modelarts.train.spec.ParallelFileSystemMount;
import io.modelarts.train.spec.Resources;
import io.modelarts.train.spec.SfsTurboMount;
import io.modelarts.train.spec.StoragePaths;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.modelarts.train.backend.kubernetes.ModelObjects.completionIndex;
import static io.modelarts.train.backend.kubernetes.ModelObjects.emptyDir;
import static io.modelarts.train.backend.kubernetes.ModelObjects.mount;
import static io.modelarts.train.backend.kubernetes.ModelObjects.secretRef;
import static io.modelarts.train.backend.kubernetes.ModelObjects.value;

/**
 * Turns a {@link JobPlan} and the pool catalog into the Kubernetes objects of one attempt: an Indexed
 * {@code batch/v1} Job (completions = parallelism = nodes) and, with more than one node, a headless
 * Service named like the Job so that every worker has the host name {@code <job>-<index>.<job>}.
 * Pure and deterministic: the same plan gives byte-identical YAML (maps are sorted, lists keep the
 * plan's order, nothing depends on time or chance). Storage credentials appear only as
 * {@code secretKeyRef}s to the catalog's {@code storage.credentialsSecret}; owner references (which
 * need the Job's uid) are added by the backend after the Job exists.
 *
 * <p>See {@code docs/kubernetes.md} for the mapping of each ModelArts feature.
 */
public final class KubernetesRenderer {

    /** Keys of the storage Secret (see {@link StorageSettings}). */
    public static final String ACCESS_KEY_KEY = "AWS_ACCESS_KEY_ID";
    public static final String SECRET_KEY_KEY = "AWS_SECRET_ACCESS_KEY";
    /** Optional key of the storage Secret: the session token of temporary keys. */
    public static final String SESSION_TOKEN_KEY = "AWS_SESSION_TOKEN";
    /** Key of the {@code storage.caSecret} Secret: the PEM bundle of the store's private CA. */
    public static final String CA_KEY = "ca.crt";
    /** Where the transfer containers see {@code storage.caSecret}. */
    public static final String CA_DIR = "/etc/modelarts-train/storage-ca";
    /** ModelArts' group of {@code ma-user}. */
    public static final long GROUP_ID = 100L;
    /** The user the transfer containers run as when the job itself runs as root: never root. */
    public static final long TRANSFER_USER_ID = 1000L;

    static final String VOLUME_MODELARTS = "modelarts";
    static final String VOLUME_JOB_DIR = "job-dir";
    static final String VOLUME_CONTROL = "control";
    static final String VOLUME_CACHE = "cache";
    static final String VOLUME_SHM = "dshm";
    static final String VOLUME_STORAGE_CA = "storage-ca";
    static final String TRANSFER_CPU_REQUEST = "100m";
    static final String TRANSFER_MEMORY_REQUEST = "256Mi";
    static final String TRANSFER_MEMORY_LIMIT = "1Gi";
    static final String SECCOMP_RUNTIME_DEFAULT = "RuntimeDefault";
    static final String CAPABILITIES_ALL = "ALL";

    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    private final PoolCatalog catalog;
    private volatile Map<String, String> creatorLabels = Map.of();

    public KubernetesRenderer(PoolCatalog catalog) {
        this.catalog = catalog == null ? new PoolCatalog(List.of(), null, null) : catalog;
    }

    public PoolCatalog catalog() {
        return catalog;
    }

    /** The objects of the first attempt, in the pool's namespace (none when the pool names none). */
    public List<HasMetadata> render(JobPlan plan) {
        return render(plan, 1, poolNamespace(plan));
    }

    /**
     * The objects of attempt {@code attempt} (1-based) in {@code namespace} (may be null: the
     * current context's). The Job comes first.
     */
    public List<HasMetadata> render(JobPlan plan, int attempt, String namespace) {
        return render(plan, attempt, namespace, catalog.storage().credentialsSecret());
    }

    /**
     * As {@link #render(JobPlan, int, String)}, with the storage keys read from {@code credentialsSecret}
     * (a per-job Secret) instead of the catalog's.
     */
    public List<HasMetadata> render(JobPlan plan, int attempt, String namespace, String credentialsSecret) {
        if (attempt == 1) {
            return firstAttempt(plan, namespace, credentialsSecret).objects();
        }
        List<HasMetadata> objects = renderWithoutHash(plan, attempt, namespace, credentialsSecret);
        stamp(objects, specHash(plan, credentialsSecret));
        return objects;
    }

    /**
     * Attempt 1's objects as {@link #render(JobPlan, int, String)} makes them, and its Job's spec as JSON (null when it
     * cannot be reused): the spec hash serialises it, and the create can send it as it is instead of serialising it again.
     */
    FirstAttempt renderFirstAttempt(JobPlan plan, String namespace) {
        return firstAttempt(plan, namespace, catalog.storage().credentialsSecret());
    }

    private FirstAttempt firstAttempt(JobPlan plan, String namespace, String credentialsSecret) {
        List<HasMetadata> objects = renderWithoutHash(plan, 1, namespace, credentialsSecret);
        // attempt 1 is what the hash describes: hash this very rendering instead of rendering it again
        SpecHashes.Hashed hashed = SpecHashes.hashed(objects);
        stamp(objects, hashed.hash());
        return new FirstAttempt(objects, hashed.jobSpecJson());
    }

    /** Attempt 1's objects, and the JSON of its Job's spec as serialised for the spec hash (null: serialise it again). */
    record FirstAttempt(List<HasMetadata> objects, byte[] jobSpecJson) {
    }

    /**
     * Attempt {@code attempt} of {@code plan} with only {@code remaining} of its auto stop left (auto stop counts over
     * every attempt, as the local backend counts it); the spec hash stays the job's.
     */
    public List<HasMetadata> renderLaterAttempt(JobPlan plan, int attempt, String namespace, java.time.Duration remaining) {
        if (plan.deadline() == null || remaining == null) {
            return render(plan, attempt, namespace);
        }
        String secret = catalog.storage().credentialsSecret();
        List<HasMetadata> objects = renderWithoutHash(plan.withDeadline(remaining), attempt, namespace, secret);
        stamp(objects, specHash(plan, secret));
        objects.get(0).getMetadata().getAnnotations().put(KubernetesNames.AUTO_STOP_ANNOTATION, String.valueOf(plan.deadline().toSeconds()));
        return objects;
    }

    /**
     * Labels every Job gets on top of its own, saying who created it (a Jenkins controller's identity). They are not
     * part of the spec hash: the same submission attaches even when its creator's labels changed since.
     */
    public void setCreatorLabels(Map<String, String> labels) {
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!KubernetesNames.isLabelKey(e.getKey()) || !KubernetesNames.isLabelValue(e.getValue())) {
                throw new IllegalArgumentException("not a valid Kubernetes label: " + e.getKey() + "=" + e.getValue());
            }
        }
        this.creatorLabels = Map.copyOf(labels);
    }

    /** The spec hash on every object, the creator's labels on the Job. */
    private void stamp(List<HasMetadata> objects, String hash) {
        for (HasMetadata o : objects) {
            o.getMetadata().getAnnotations().put(KubernetesNames.SPEC_HASH_ANNOTATION, hash);
        }
        Map<String, String> creator = creatorLabels;
        if (!creator.isEmpty() && objects.get(0).getMetadata().getLabels() != null) {
            Map<String, String> labels = new TreeMap<>(objects.get(0).getMetadata().getLabels());
            labels.putAll(creator);
            objects.get(0).getMetadata().setLabels(labels);
        }
    }

    /** The YAML of {@link #render(JobPlan)}: {@code ---}-separated documents, byte-identical for the same plan. */
    public String renderYaml(JobPlan plan) {
        return toYaml(render(plan));
    }

    /** {@code ---}-separated YAML documents. */
    public static String toYaml(List<? extends HasMetadata> objects) {
        StringBuilder s = new StringBuilder();
        for (HasMetadata o : objects) {
            String doc = YAML.asYaml(o);
            if (!doc.startsWith("---")) {
                s.append("---\n");
            }
            s.append(doc);
            if (!doc.endsWith("\n")) {
                s.append('\n');
            }
        }
        return s.toString();
    }

    /** The pool's namespace, or null when the plan has no pool or the pool names none. */
    public static String poolNamespace(JobPlan plan) {
        return plan.pool() == null ? null : plan.pool().namespace();
    }

    /**
     * A short digest of what attempt 1 would create: equal digests mean the same job was submitted again
     * (attach), different ones a different job under the same name. Later attempts carry attempt 1's digest.
     */
    String specHash(JobPlan plan, String credentialsSecret) {
        return SpecHashes.of(renderWithoutHash(plan, 1, null, credentialsSecret));
    }

    /** The spec hash of {@code plan} as earlier versions computed it (see {@link SpecHashes#legacyOf}). */
    String legacySpecHash(JobPlan plan, String credentialsSecret) {
        return SpecHashes.legacyOf(renderWithoutHash(plan, 1, null, credentialsSecret));
    }

    private List<HasMetadata> renderWithoutHash(JobPlan plan, int attempt, String namespace, String credentialsSecret) {
        check(plan);
        String base = KubernetesNames.jobName(plan.jobName(), plan.submissionKey());
        String name = KubernetesNames.attemptName(base, attempt);
        int nodes = Math.max(1, plan.nodes());

        Map<String, String> labels = new TreeMap<>();
        labels.put(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY_VALUE);
        labels.put(KubernetesNames.JOB_LABEL, base);
        labels.put(KubernetesNames.NAME_LABEL, KubernetesNames.jobName(plan.jobName()));
        labels.put(KubernetesNames.ATTEMPT_LABEL, String.valueOf(attempt));
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(KubernetesNames.NAME_ANNOTATION, plan.jobName());
        if (plan.submissionKey() != null && !plan.submissionKey().isEmpty()) {
            annotations.put(KubernetesNames.SUBMISSION_ANNOTATION, plan.submissionKey());
        }
        annotations.put(KubernetesNames.ATTEMPTS_ANNOTATION, String.valueOf(Math.max(1, plan.attempts())));
        annotations.put(KubernetesNames.NODES_ANNOTATION, String.valueOf(nodes));
        String outputs = OutputPaths.annotation(plan);
        if (outputs != null) {
            annotations.put(KubernetesNames.OUTPUTS_ANNOTATION, outputs);
        }

        Pool pool = plan.pool();
        Map<String, String> jobLabels = new TreeMap<>(labels);
        String priorityClass = pool == null ? null : pool.priorityClasses().get(plan.spec().priority());
        boolean kueue = pool != null && pool.queue() != null && !pool.queue().isBlank();
        if (kueue) {
            jobLabels.put(KubernetesNames.KUEUE_QUEUE_LABEL, pool.queue());
            if (priorityClass != null) {
                jobLabels.put(KubernetesNames.KUEUE_PRIORITY_LABEL, priorityClass);
            }
        }

        PodSpec podSpec = podSpec(plan, name, nodes, kueue ? null : priorityClass, credentialsSecret);

        // The big parts (pod spec, containers, their environment) are assembled with setters: a fabric8 builder's
        // withX(object) copies the whole object graph into builders and back, which made rendering most of a submission.
        PodTemplateSpec template = new PodTemplateSpec();
        template.setMetadata(meta(null, null, labels, annotations));
        template.setSpec(podSpec);
        JobSpec spec = new JobSpec();
        spec.setCompletionMode("Indexed");
        spec.setCompletions(nodes);
        spec.setParallelism(nodes);
        spec.setBackoffLimit(0);
        spec.setActiveDeadlineSeconds(plan.deadline() == null ? null : plan.deadline().toSeconds());
        spec.setTtlSecondsAfterFinished(catalog.kubernetes().ttlSecondsAfterFinished());
        spec.setSuspend(kueue ? Boolean.TRUE : null);
        // evictions, preemptions and node drains replace the pod instead of failing the job
        spec.setPodFailurePolicy(new PodFailurePolicyBuilder()
                .addNewRule().withAction("Ignore").addNewOnPodCondition().withType("DisruptionTarget").withStatus("True")
                .endOnPodCondition().endRule()
                .build());
        spec.setTemplate(podTemplate(plan, template));
        Job job = new Job();
        job.setMetadata(meta(name, namespace, jobLabels, annotations));
        job.setSpec(spec);

        List<HasMetadata> objects = new ArrayList<>();
        objects.add(job);
        if (nodes > 1) {
            Map<String, String> selector = new TreeMap<>();
            selector.put(KubernetesNames.JOB_LABEL, base);
            selector.put(KubernetesNames.ATTEMPT_LABEL, String.valueOf(attempt));
            Service service = new ServiceBuilder()
                    .withMetadata(meta(name, namespace, labels, annotations))
                    .withNewSpec()
                    .withClusterIP("None")
                    .withPublishNotReadyAddresses(true)
                    .withSelector(selector)
                    .addNewPort().withName("master").withPort(ContainerLayout.MASTER_PORT).withProtocol("TCP").endPort()
                    .endSpec()
                    .build();
            objects.add(service);
        }
        return objects;
    }

    /** The pool's and then the flavor's pod template merged onto the rendered pod (administrators' settings). */
    private static PodTemplateSpec podTemplate(JobPlan plan, PodTemplateSpec rendered) {
        PodTemplateSpec pool = plan.pool() == null ? null : plan.pool().podTemplate();
        PodTemplateSpec flavor = plan.flavor() == null ? null : plan.flavor().podTemplate();
        return PodTemplateMerge.apply(rendered, pool, flavor);
    }

    private PodSpec podSpec(JobPlan plan, String name, int nodes, String priorityClass, String credentialsSecret) {
        Pool pool = plan.pool();
        Flavor flavor = plan.flavor();
        TransferScripts scripts = new TransferScripts(plan, name, PathMapper.IDENTITY);

        // volumes and where each container sees them
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> dataMounts = new ArrayList<>();   // download, sync and train
        volumes.add(emptyDir(VOLUME_MODELARTS, null, null));
        dataMounts.add(mount(VOLUME_MODELARTS, ContainerLayout.MA_MOUNT_PATH));
        String jobDir = plan.spec().algorithm().localCodeDir();
        if (jobDir != null && !jobDir.equals(ContainerLayout.MA_MOUNT_PATH) && !jobDir.startsWith(ContainerLayout.MA_MOUNT_PATH + "/")) {
            volumes.add(emptyDir(VOLUME_JOB_DIR, null, null));
            dataMounts.add(mount(VOLUME_JOB_DIR, jobDir));
        }
        volumes.add(emptyDir(VOLUME_CONTROL, null, null));
        VolumeMount controlMount = mount(VOLUME_CONTROL, TransferScripts.CONTROL_DIR);
        volumes.add(emptyDir(VOLUME_CACHE, null, flavor == null || flavor.disk() == null ? null : new Quantity(flavor.disk())));
        // memory-backed: counts against the pod's memory; the flavor's shmSize caps it
        volumes.add(emptyDir(VOLUME_SHM, "Memory", flavor == null || flavor.shmSize() == null ? null : new Quantity(flavor.shmSize())));
        String caSecret = catalog.storage().caSecret();
        if (caSecret != null) {
            volumes.add(new VolumeBuilder().withName(VOLUME_STORAGE_CA).withNewSecret().withSecretName(caSecret)
                    .addNewItem().withKey(CA_KEY).withPath(CA_KEY).endItem().endSecret().build());
        }
        List<VolumeMount> trainMounts = new ArrayList<>(dataMounts);
        trainMounts.add(controlMount);
        trainMounts.add(mount(VOLUME_CACHE, ContainerLayout.CACHE_DIR));
        trainMounts.add(mount(VOLUME_SHM, "/dev/shm"));
        List<SfsTurboMount> sfs = plan.spec().sfsTurbo();
        for (int i = 0; i < sfs.size(); i++) {
            SfsTurboMount m = sfs.get(i);
            String serverPath = m.serverPath().trim();
            int colon = serverPath.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("sfsTurbo[" + i + "].serverPath: must be <server>:<path>, not '" + serverPath + "'");
            }
            String server = serverPath.substring(0, colon);
            String path = serverPath.substring(colon + 1);
            volumes.add(new VolumeBuilder().withName("sfs-" + i).withNewNfs().withServer(server)
                    .withPath(path.isEmpty() ? "/" : path).endNfs().build());
            trainMounts.add(mount("sfs-" + i, m.localPath()));
        }
        List<ParallelFileSystemMount> pfs = plan.spec().parallelFileSystems();
        for (int i = 0; i < pfs.size(); i++) {
            ParallelFileSystemMount m = pfs.get(i);
            int index = i;
            PoolStorage storage = (pool == null ? java.util.Optional.<PoolStorage>empty() : pool.storage(m.storage()))
                    .orElseThrow(() -> new IllegalArgumentException("parallelFileSystems[" + index + "].storage: '" + m.storage()
                            + "' is not a storage of pool " + (pool == null ? "(none)" : pool.name())));
            volumes.add(new VolumeBuilder().withName("pfs-" + i).withNewPersistentVolumeClaim().withClaimName(storage.claim())
                    .endPersistentVolumeClaim().build());
            trainMounts.add(mount("pfs-" + i, m.mountPath()));
        }

        // the train container
        Map<String, String> exports = new LinkedHashMap<>();
        List<EnvVar> env = trainEnvironment(plan, name, nodes, exports);
        Container train = container(KubernetesNames.TRAIN_CONTAINER, plan.image(), scripts.trainScript(exports), env);
        train.setResources(resources(flavor));
        train.setVolumeMounts(trainMounts);
        train.setTerminationMessagePolicy("FallbackToLogsOnError");
        train.setSecurityContext(restricted(null));

        // transfer containers
        List<Container> initContainers = new ArrayList<>();
        if (scripts.needsDownload()) {
            initContainers.add(transferContainer(KubernetesNames.DOWNLOAD_CONTAINER, scripts.downloadScript(), dataMounts,
                    credentialsSecret, false, plan.userId()));
        }
        if (scripts.needsSidecar()) {
            List<VolumeMount> syncMounts = new ArrayList<>(dataMounts);
            syncMounts.add(controlMount);
            initContainers.add(transferContainer(KubernetesNames.OUTPUT_SYNC_CONTAINER, scripts.syncScript(), syncMounts,
                    credentialsSecret, true, plan.userId()));
        }

        Map<String, String> nodeSelector = new TreeMap<>();
        List<Toleration> tolerations = new ArrayList<>();
        if (pool != null) {
            nodeSelector.putAll(pool.nodeSelector());
            pool.tolerations().forEach(t -> addToleration(tolerations, t));
        }
        if (flavor != null) {
            nodeSelector.putAll(flavor.nodeSelector());
            flavor.tolerations().forEach(t -> addToleration(tolerations, t));
        }

        PodSpec spec = new PodSpec();
        spec.setRestartPolicy("Never");
        spec.setSubdomain(nodes > 1 ? name : null);
        spec.setPriorityClassName(priorityClass);
        spec.setNodeSelector(nodeSelector);
        spec.setTolerations(tolerations);
        spec.setEnableServiceLinks(false);
        spec.setAutomountServiceAccountToken(false);
        // Pod Security "restricted": non-root unless the job asks for user 0, the runtime's seccomp profile
        spec.setSecurityContext(new PodSecurityContextBuilder()
                .withRunAsUser((long) plan.userId())
                .withRunAsGroup(GROUP_ID)
                .withFsGroup(GROUP_ID)
                .withRunAsNonRoot(plan.userId() == 0 ? null : Boolean.TRUE)
                .withNewSeccompProfile().withType(SECCOMP_RUNTIME_DEFAULT).endSeccompProfile()
                .build());
        spec.setInitContainers(initContainers);
        spec.setContainers(new ArrayList<>(List.of(train)));
        spec.setVolumes(volumes);
        return spec;
    }

    private List<EnvVar> trainEnvironment(JobPlan plan, String name, int nodes, Map<String, String> exports) {
        Map<String, EnvVar> env = new LinkedHashMap<>();
        env.put("VC_TASK_INDEX", completionIndex("VC_TASK_INDEX"));
        env.put("RANK", completionIndex("RANK"));
        env.put("MA_CURRENT_IP", new EnvVarBuilder().withName("MA_CURRENT_IP").withNewValueFrom().withNewFieldRef()
                .withFieldPath("status.podIP").endFieldRef().endValueFrom().build());
        env.put("MA_VJ_NAME", value("MA_VJ_NAME", name));
        // $(VAR) of variables defined above is expanded by the kubelet
        env.put("MA_CURRENT_INSTANCE_NAME", value("MA_CURRENT_INSTANCE_NAME", "$(MA_VJ_NAME)-$(VC_TASK_INDEX)"));
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            hosts.add(nodes > 1 ? KubernetesNames.workerHost(name, i) : name + "-" + i);
        }
        env.put("VC_WORKER_HOSTS", value("VC_WORKER_HOSTS", String.join(",", hosts)));
        env.put("MASTER_ADDR", value("MASTER_ADDR", hosts.get(0)));
        // what torchrun reads (PET_<flag>), so that "torchrun train.py" needs no flags; torchrun then sets WORLD_SIZE and
        // RANK of its own processes (nodes x processes per node), where the pod's are one process per pod
        if (plan.flavor() != null && plan.flavor().gpus() > 0) {
            env.put("PET_NPROC_PER_NODE", value("PET_NPROC_PER_NODE", String.valueOf(plan.flavor().gpus())));
        }
        if (nodes > 1) {
            env.put("PET_NNODES", value("PET_NNODES", String.valueOf(nodes)));
            env.put("PET_NODE_RANK", completionIndex("PET_NODE_RANK"));
            env.put("PET_MASTER_ADDR", value("PET_MASTER_ADDR", hosts.get(0)));
            env.put("PET_MASTER_PORT", value("PET_MASTER_PORT", String.valueOf(ContainerLayout.MASTER_PORT)));
        }
        StorageSettings storage = catalog.storage();
        if (storage.endpoint() != null) {
            env.put("S3_ENDPOINT", value("S3_ENDPOINT", storage.endpoint()));
        }
        // secrets for the training code: references only, the kubelet reads the values
        plan.spec().secretEnvironment().forEach((k, ref) -> {
            int slash = ref.indexOf('/');
            env.put(k, secretRef(k, ref.substring(0, slash), ref.substring(slash + 1)));
        });
        plan.environment(PathMapper.IDENTITY).forEach((k, v) -> {
            if (TransferScripts.referencesVariables(v)) {
                env.remove(k);
                exports.put(k, v);
            } else {
                env.put(k, value(k, v));
            }
        });
        return new ArrayList<>(env.values());
    }

    /**
     * The transfer containers run as the job's user, so that the training code owns what they download; when the job
     * runs as root they run as {@link #TRANSFER_USER_ID} instead (root can still read and write their files).
     */
    private Container transferContainer(String name, String script, List<VolumeMount> mounts, String secret, boolean sidecar,
            int userId) {
        List<EnvVar> env = new ArrayList<>();
        env.add(completionIndex("VC_TASK_INDEX"));
        TransferScripts.rcloneEnvironment(catalog.storage()).forEach((k, v) -> env.add(value(k, v)));
        if (secret != null) {
            String p = "RCLONE_CONFIG_" + TransferScripts.REMOTE.toUpperCase(java.util.Locale.ROOT) + "_";
            env.add(secretRef(p + "ACCESS_KEY_ID", secret, ACCESS_KEY_KEY));
            env.add(secretRef(p + "SECRET_ACCESS_KEY", secret, SECRET_KEY_KEY));
            // temporary keys come with a token; permanent ones have none: the key is optional
            env.add(new EnvVarBuilder().withName(p + "SESSION_TOKEN").withNewValueFrom().withNewSecretKeyRef().withName(secret)
                    .withKey(SESSION_TOKEN_KEY).withOptional(true).endSecretKeyRef().endValueFrom().build());
        }
        List<VolumeMount> transferMounts = new ArrayList<>(mounts);
        if (catalog.storage().caSecret() != null) {
            // rclone's --ca-cert, as an environment variable
            env.add(value("RCLONE_CA_CERT", CA_DIR + "/" + CA_KEY));
            VolumeMount ca = mount(VOLUME_STORAGE_CA, CA_DIR);
            ca.setReadOnly(true);
            transferMounts.add(ca);
        }
        Container c = container(name, catalog.kubernetes().transferImage(), script, env);
        c.setRestartPolicy(sidecar ? "Always" : null);
        c.setResources(new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(TRANSFER_CPU_REQUEST))
                .addToRequests("memory", new Quantity(TRANSFER_MEMORY_REQUEST))
                .addToLimits("memory", new Quantity(TRANSFER_MEMORY_LIMIT))
                .build());
        c.setVolumeMounts(transferMounts);
        c.setSecurityContext(restricted(userId == 0 ? TRANSFER_USER_ID : null));
        return c;
    }

    /** A container running {@code script} with {@code /bin/sh -c}; the lists are its own (a template merge may extend them). */
    private static Container container(String name, String image, String script, List<EnvVar> env) {
        Container c = new Container();
        c.setName(name);
        c.setImage(image);
        c.setCommand(new ArrayList<>(List.of("/bin/sh", "-c")));
        c.setArgs(new ArrayList<>(List.of(script)));
        c.setEnv(env);
        return c;
    }

    /**
     * A container's part of Pod Security "restricted": no privilege escalation, every capability dropped;
     * with {@code runAsUser}, that user and {@code runAsNonRoot}.
     */
    static SecurityContext restricted(Long runAsUser) {
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities().withDrop(CAPABILITIES_ALL).endCapabilities()
                .withRunAsUser(runAsUser)
                .withRunAsNonRoot(runAsUser == null ? null : Boolean.TRUE)
                .build();
    }

    private static ResourceRequirements resources(Flavor flavor) {
        if (flavor == null) {
            return null;
        }
        Map<String, Quantity> amounts = new TreeMap<>();
        if (flavor.cpu() != null) {
            amounts.put("cpu", new Quantity(flavor.cpu()));
        }
        if (flavor.memory() != null) {
            amounts.put("memory", new Quantity(flavor.memory()));
        }
        if (flavor.gpus() > 0) {
            amounts.put(flavor.gpuResource(), new Quantity(String.valueOf(flavor.gpus())));
        }
        if (amounts.isEmpty()) {
            return null;
        }
        // requests = limits: Guaranteed QoS for the training container, and GPUs require it
        return new ResourceRequirementsBuilder().withRequests(new TreeMap<>(amounts)).withLimits(new TreeMap<>(amounts)).build();
    }

    private static void addToleration(List<Toleration> list, io.modelarts.train.pool.Toleration t) {
        Toleration k = new TolerationBuilder().withKey(t.key()).withOperator(t.operator()).withValue(t.value())
                .withEffect(t.effect()).build();
        if (!list.contains(k)) {
            list.add(k);
        }
    }

    private static void check(JobPlan plan) {
        // one env value and one host name per node: a plan built by code must not make that unbounded
        String nodes = Resources.nodesProblem(Math.max(1, plan.nodes()));
        if (nodes != null) {
            throw new IllegalArgumentException("resources.nodes: " + nodes);
        }
        plan.spec().secretEnvironment().forEach((k, ref) -> {
            if (ref == null || ref.indexOf('/') <= 0 || ref.endsWith("/")) {
                throw new IllegalArgumentException("secretEnvironment." + k + ": must be <secret name>/<key>");
            }
        });
        if (plan.image() == null || plan.image().isBlank()) {
            throw new IllegalArgumentException("algorithm: no image to run (a preset engine needs a pool catalog that names its image)");
        }
        if (plan.code() != null && !StoragePaths.isObjectPath(plan.code().source())) {
            throw new IllegalArgumentException("algorithm.codeDir: a local directory (" + plan.code().source()
                    + ") cannot be downloaded by a Kubernetes job; upload it to the object store and use its obs:// path");
        }
        for (int i = 0; i < plan.inputs().size(); i++) {
            if (!StoragePaths.isObjectPath(plan.inputs().get(i).source())) {
                throw new IllegalArgumentException("inputs[" + i + "].dataPath: a Kubernetes job reads inputs from the object store, not from "
                        + plan.inputs().get(i).source());
            }
        }
        for (int i = 0; i < plan.outputs().size(); i++) {
            if (!StoragePaths.isObjectPath(plan.outputs().get(i).source())) {
                throw new IllegalArgumentException("outputs[" + i + "].dataPath: a Kubernetes job writes outputs to the object store, not to "
                        + plan.outputs().get(i).source());
            }
        }
    }

    private static ObjectMeta meta(String name, String namespace, Map<String, String> labels, Map<String, String> annotations) {
        return new ObjectMetaBuilder().withName(name).withNamespace(namespace)
                .withLabels(new TreeMap<>(labels)).withAnnotations(new TreeMap<>(annotations)).build();
    }
}
