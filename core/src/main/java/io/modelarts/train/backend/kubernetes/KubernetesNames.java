package io.modelarts.train.backend.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Kubernetes names, labels and annotations of the objects this backend creates.
 *
 * <p>A ModelArts name ({@code 1-64} of {@code [A-Za-z0-9_-]}) is not a valid DNS-1123 label, so the
 * Kubernetes name is derived from it: lowercase, {@code _} to {@code -}, other characters dropped, cut
 * to {@value #MAX_PREFIX} characters, then {@code -} and a {@value #HASH_LENGTH}-character hash of the
 * original name (so {@code My_Job} and {@code my-job} stay distinct). Attempt {@code N > 1} of the same
 * job is {@code <base>-r<N>}. The length budget keeps the host name of every worker of an Indexed Job,
 * {@code <job>-<index>.<service>} (the Service is named like the Job), and the pod names
 * {@code <job>-<index>-<5 random>} within one 63-character DNS label for up to
 * {@value #MAX_INDEX_DIGITS}-digit worker indexes: {@code 2 * (25 + 3) + 2 + 4 = 62}.
 */
public final class KubernetesNames {

    /** Label on every object we create; also the selector of our shared informers. */
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "modelarts-train";
    /** Label: the base Kubernetes name of the job, the same for every attempt. */
    public static final String JOB_LABEL = "modelarts-train/job";
    /** Label: the attempt number, {@code 1} for the first run. */
    public static final String ATTEMPT_LABEL = "modelarts-train/attempt";
    /**
     * Label: the key-less base name of the ModelArts name ({@link #jobName(String)}), shared by every
     * submission of that name, so {@code status NAME} finds the newest one.
     */
    public static final String NAME_LABEL = "modelarts-train/name";
    /** Annotation: the submission key (a Jenkins run and step, a CLI invocation), when there is one. */
    public static final String SUBMISSION_ANNOTATION = "modelarts-train/submission";
    /** Annotation: the ModelArts job name as the user wrote it. */
    public static final String NAME_ANNOTATION = "modelarts-train/name";
    /** Annotation: a hash of the rendered first attempt; tells a re-submission of the same job from a different job of the same name. */
    public static final String SPEC_HASH_ANNOTATION = "modelarts-train/spec-hash";
    /**
     * Annotation: a random id of the create that made the Job, so that a create sent again after one that got no answer
     * knows the Job that answers 409 for its own.
     */
    public static final String CREATE_ID_ANNOTATION = "modelarts-train/create-id";
    /** Annotation: how many attempts the job may run (1 + auto restarts). */
    public static final String ATTEMPTS_ANNOTATION = "modelarts-train/attempts";
    /** Annotation: the job's output paths ({@code obs://bucket/folder/}, one per line), for output-path exclusivity. */
    public static final String OUTPUTS_ANNOTATION = "modelarts-train/outputs";
    /** Annotation of a later attempt: the job's whole auto stop in seconds (its activeDeadlineSeconds is what is left). */
    public static final String AUTO_STOP_ANNOTATION = "modelarts-train/auto-stop-seconds";
    /**
     * Annotation: when the creator of the Job (a Jenkins controller) last said it still owns it, an ISO-8601 instant.
     * A sweeper of orphaned Jobs leaves a Job with a recent heartbeat alone.
     */
    public static final String HEARTBEAT_ANNOTATION = "modelarts-train/heartbeat";
    /** Annotation: number of compute nodes (workers). */
    public static final String NODES_ANNOTATION = "modelarts-train/nodes";

    /** Set by the Job controller on the pods of an Indexed Job (annotation, and label since Kubernetes 1.28). */
    public static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
    public static final String KUEUE_QUEUE_LABEL = "kueue.x-k8s.io/queue-name";
    public static final String KUEUE_PRIORITY_LABEL = "kueue.x-k8s.io/priority-class";

    public static final String TRAIN_CONTAINER = "train";
    public static final String DOWNLOAD_CONTAINER = "download";
    public static final String OUTPUT_SYNC_CONTAINER = "output-sync";

    static final int MAX_PREFIX = 18;
    static final int HASH_LENGTH = 6;
    static final int MAX_INDEX_DIGITS = 4;
    /** Longest base name: prefix, dash, hash. */
    public static final int MAX_BASE_LENGTH = MAX_PREFIX + 1 + HASH_LENGTH;

    private KubernetesNames() {
    }

    /**
     * The Kubernetes name of a job's first attempt, derived deterministically from its ModelArts name:
     * {@code Mnist_Demo.v2} gives {@code mnist-demov2-<hash>}.
     */
    public static String jobName(String modelartsName) {
        return jobName(modelartsName, null);
    }

    /**
     * The Kubernetes name of one submission of a job: the same readable prefix, with the hash taken over
     * the name and the submission key. The same key gives the same name (a retry attaches); a new key
     * (a new build, a new CLI run) gives a new Job even for the same job file.
     */
    public static String jobName(String modelartsName, String submissionKey) {
        if (modelartsName == null || modelartsName.isEmpty()) {
            throw new IllegalArgumentException("a job name is required");
        }
        StringBuilder s = new StringBuilder();
        for (char c : modelartsName.toLowerCase(Locale.ROOT).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                s.append(c);
            } else if ((c == '-' || c == '_') && s.length() > 0 && s.charAt(s.length() - 1) != '-') {
                s.append('-');
            }
        }
        String prefix = s.length() > MAX_PREFIX ? s.substring(0, MAX_PREFIX) : s.toString();
        while (prefix.endsWith("-")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (prefix.isEmpty() || !Character.isLetter(prefix.charAt(0))) {
            // a name starting with a digit is a valid label, but a letter first reads better and is a valid Service name
            prefix = ("j" + prefix);
            if (prefix.length() > MAX_PREFIX) {
                prefix = prefix.substring(0, MAX_PREFIX);
            }
            while (prefix.endsWith("-")) {
                prefix = prefix.substring(0, prefix.length() - 1);
            }
        }
        String identity = submissionKey == null || submissionKey.isEmpty() ? modelartsName : modelartsName + "@" + submissionKey;
        return prefix + "-" + hash(identity);
    }

    /** The Kubernetes name of attempt {@code attempt} (1-based): the base name, then {@code -r2}, {@code -r3}... */
    public static String attemptName(String baseName, int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1");
        }
        return attempt == 1 ? baseName : baseName + "-r" + attempt;
    }

    /** {@code worker-<index>}: how logs, statuses and results name a compute node. */
    public static String worker(int index) {
        return "worker-" + index;
    }

    /** The stable host name of worker {@code index}: {@code <job>-<index>.<job>} (the headless Service is named like the Job). */
    public static String workerHost(String jobName, int index) {
        return jobName + "-" + index + "." + jobName;
    }

    /** True when {@code name} is a DNS-1123 label (what Job, Service and host names must be). */
    public static boolean isDnsLabel(String name) {
        return name != null && name.length() <= 63 && name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }

    /** True when {@code value} may be a label value: at most 63 of {@code [A-Za-z0-9._-]}, alphanumeric at both ends, or empty. */
    public static boolean isLabelValue(String value) {
        return value != null && value.length() <= 63 && value.matches("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    }

    /** True when {@code key} may be a label key: an optional DNS subdomain prefix and {@code /}, then a name as a value. */
    public static boolean isLabelKey(String key) {
        if (key == null) {
            return false;
        }
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        String prefix = slash < 0 ? null : key.substring(0, slash);
        return !name.isEmpty() && isLabelValue(name)
                && (prefix == null || prefix.length() <= 253 && prefix.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"));
    }

    /** A short lowercase base-36 digest of {@code text}. */
    static String hash(String text) {
        byte[] d = sha256().digest(text.getBytes(StandardCharsets.UTF_8));
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (d[i] & 0xff);
        }
        long space = 1;
        for (int i = 0; i < HASH_LENGTH; i++) {
            space *= 36;
        }
        StringBuilder s = new StringBuilder(Long.toString(Math.floorMod(v, space), 36));
        while (s.length() < HASH_LENGTH) {
            s.insert(0, '0');
        }
        return s.toString();
    }

    /** Hex SHA-256 of {@code text}, cut to {@code length} characters. */
    static String hexDigest(String text, int length) {
        return hex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)), length);
    }

    /** The first {@code length} hex digits of {@code digest}. */
    static String hex(byte[] digest, int length) {
        StringBuilder s = new StringBuilder(digest.length * 2);
        for (byte b : digest) {
            s.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return s.substring(0, Math.min(length, s.length()));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
