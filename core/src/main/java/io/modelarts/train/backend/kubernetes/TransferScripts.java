package io.modelarts.train.backend.kubernetes;

import io.modelarts.train.logs.LogLimit;
import io.modelarts.train.plan.ChannelPlan;
import io.modelarts.train.plan.ContainerLayout;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.plan.PathMapper;
import io.modelarts.train.plan.ShellQuoting;
import io.modelarts.train.pool.StorageSettings;
import io.modelarts.train.spec.StoragePaths;
import io.modelarts.train.storage.ObjectUri;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The POSIX shell scripts of a job's pod: the {@code download} init container (code, inputs and
 * predownloaded outputs, with rclone), the {@code output-sync} sidecar (every {@value #SYNC_INTERVAL_SECONDS} s
 * and once more after training exited, also on failure) and the wrapper around the boot command in the
 * {@code train} container.
 *
 * <p>The wrapper and the sidecar talk through files in {@link #CONTROL_DIR} (a small shared emptyDir):
 * the wrapper writes {@code train.exit} with the exit code when the boot command ends; the sidecar then
 * uploads a last time, writes what it did to {@code upload.log} and {@code upload.done}; the wrapper waits
 * for {@code upload.done}, prints {@code upload.log} and exits with the boot command's code. So a pod
 * (and the Job) completes only after its outputs are uploaded, and the upload lines appear in the
 * worker's log, as in ModelArts.
 *
 * <p>Outputs are uploaded by worker 0 only (the rank that saves checkpoints by convention); with
 * persistent log saving every worker uploads its own log file. rclone is configured entirely from
 * environment variables ({@link #rcloneEnvironment}); the access keys come from a Secret.
 *
 * <p>Paths go through a {@link PathMapper}: {@link PathMapper#IDENTITY} in a pod; tests map them into a
 * temporary folder to run the scripts for real.
 */
public final class TransferScripts {

    /** Shared between the train container and the sidecar. */
    public static final String CONTROL_DIR = "/modelarts-train";
    /** ModelArts' default upload period ({@code upload_periodically}, {@code period 30s}). */
    public static final int SYNC_INTERVAL_SECONDS = 30;
    /** How long the train container waits for the final upload before giving up. */
    public static final int UPLOAD_WAIT_SECONDS = 3600;
    /** The rclone remote every object path goes through. */
    public static final String REMOTE = "obs";
    static final String RCLONE_FLAGS = "--retries 3 --transfers 8 --checkers 16 --stats 30s --stats-one-line --stats-log-level NOTICE";

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final JobPlan plan;
    private final String jobName;
    private final PathMapper mapper;

    /**
     * @param plan    the job
     * @param jobName the Kubernetes name of this attempt (names the persistent log file)
     * @param mapper  where container paths are; {@link PathMapper#IDENTITY} in a pod
     */
    public TransferScripts(JobPlan plan, String jobName, PathMapper mapper) {
        this.plan = plan;
        this.jobName = jobName;
        this.mapper = mapper;
    }

    /** True when something must be downloaded before training: object-store code, inputs, or outputs with predownload. */
    public boolean needsDownload() {
        if (plan.code() != null && StoragePaths.isObjectPath(plan.code().source())) {
            return true;
        }
        return plan.inputs().stream().anyMatch(c -> StoragePaths.isObjectPath(c.source()))
                || plan.outputs().stream().anyMatch(ChannelPlan::predownload);
    }

    /** True when the sidecar has something to upload: outputs, or the log with persistent log saving. */
    public boolean needsSidecar() {
        return !plan.outputs().isEmpty() || persistentLog() != null;
    }

    /** The init container's script: each download in order, failing the pod on the first error. */
    public String downloadScript() {
        StringBuilder s = new StringBuilder();
        s.append("set -eu\n");
        s.append("log() { echo \"[ModelArts Service Log] $*\"; }\n");
        s.append("fetch() {\n");
        s.append("  log \"$3: downloading $1 to $2\"\n");
        s.append("  mkdir -p \"$2\"\n");
        s.append("  rclone copy \"$1\" \"$2\" ").append(RCLONE_FLAGS).append('\n');
        s.append("  log \"$3: download finished\"\n");
        s.append("}\n");
        if (plan.code() != null && StoragePaths.isObjectPath(plan.code().source())) {
            s.append("fetch ").append(q(remote(plan.code().source()))).append(' ').append(q(path(plan.code().containerDir())))
                    .append(" code\n");
        }
        for (ChannelPlan in : plan.inputs()) {
            if (StoragePaths.isObjectPath(in.source())) {
                s.append("fetch ").append(q(remote(in.source()))).append(' ').append(q(path(in.containerDir())))
                        .append(' ').append(q("input " + in.name())).append('\n');
            }
        }
        for (ChannelPlan out : plan.outputs()) {
            if (out.predownload()) {
                s.append("fetch ").append(q(remote(out.source()))).append(' ').append(q(path(out.containerDir())))
                        .append(' ').append(q("output " + out.name() + " (predownload)")).append('\n');
            }
        }
        s.append("mkdir -p");
        for (String dir : localDirectories()) {
            s.append(' ').append(q(dir));
        }
        s.append('\n');
        return s.toString();
    }

    /** The sidecar's script: periodic uploads until {@code train.exit} appears, then the final one. */
    public String syncScript() {
        String c = path(CONTROL_DIR);
        StringBuilder s = new StringBuilder();
        s.append("set -u\n");
        s.append("log() { echo \"[ModelArts Service Log] $*\"; }\n");
        s.append("C=").append(q(c)).append('\n');
        s.append("upload() {\n");
        s.append("  rc=0\n");
        if (!plan.outputs().isEmpty()) {
            s.append("  if [ \"${VC_TASK_INDEX:-0}\" = 0 ]; then\n");
            for (ChannelPlan out : plan.outputs()) {
                s.append("    rclone copy ").append(q(path(out.containerDir()))).append(' ').append(q(remote(out.source())))
                        .append(' ').append(RCLONE_FLAGS).append(" || { log ").append(q("output " + out.name() + ": upload failed"))
                        .append("; rc=1; }\n");
            }
            s.append("  fi\n");
        }
        String logPath = persistentLog();
        if (logPath != null) {
            s.append("  if [ -f \"$LOG_FILE\" ]; then rclone copy \"$LOG_FILE\" ").append(q(remote(logPath))).append(' ')
                    .append(RCLONE_FLAGS).append(" || { log 'log upload failed'; rc=1; }; fi\n");
        }
        s.append("  return $rc\n");
        s.append("}\n");
        if (logPath != null) {
            s.append("LOG_FILE=").append(q(path(ContainerLayout.MA_LOG_DIR) + "/" + logFilePrefix())).append("\"${VC_TASK_INDEX:-0}.log\"\n");
        }
        s.append("final() {\n");
        s.append("  { log 'Training output uploading'\n");
        s.append("    if upload; then log 'Training output upload finished'; echo 0 > \"$C/upload.rc\"; ")
                .append("else log 'Training output upload failed'; echo 1 > \"$C/upload.rc\"; fi\n");
        s.append("  } > \"$C/upload.log\" 2>&1\n");
        s.append("  touch \"$C/upload.done\"\n");
        s.append("}\n");
        s.append("trap 'if [ ! -f \"$C/upload.done\" ]; then final; fi; exit 0' TERM INT\n");
        s.append("while [ ! -f \"$C/train.exit\" ]; do\n");
        s.append("  upload || log 'periodic upload failed; retrying in ").append(SYNC_INTERVAL_SECONDS).append(" s'\n");
        s.append("  i=0\n");
        s.append("  while [ $i -lt ").append(SYNC_INTERVAL_SECONDS).append(" ] && [ ! -f \"$C/train.exit\" ]; do sleep 1; i=$((i+1)); done\n");
        s.append("done\n");
        s.append("final\n");
        s.append("cat \"$C/upload.log\"\n");
        // a native sidecar that exits is restarted: stay until the kubelet stops the pod
        s.append("while :; do sleep 1; done\n");
        return s.toString();
    }

    /**
     * The train container's script: create the output and log folders, export variables whose values
     * use {@code ${VAR}} (Kubernetes does not expand them), run the boot command, report its exit code,
     * wait for the final upload and exit with the boot command's code.
     *
     * @param exports environment entries to set in the shell because their values reference other variables
     */
    public String trainScript(Map<String, String> exports) {
        return trainScript(exports, LogLimit.MODELARTS_MAX_BYTES);
    }

    /** {@link #trainScript(Map)} with the persistent log kept to {@code logFileLimit} bytes per worker (tests use a small one). */
    String trainScript(Map<String, String> exports, long logFileLimit) {
        String c = path(CONTROL_DIR);
        StringBuilder s = new StringBuilder();
        s.append("C=").append(q(c)).append('\n');
        s.append("mkdir -p");
        for (String dir : localDirectories()) {
            s.append(' ').append(q(dir));
        }
        if (plan.workDir() != null) {
            s.append(' ').append(q(path(plan.workDir())));
        }
        s.append(" 2>/dev/null\n");
        exports.forEach((k, v) -> s.append("export ").append(k).append('=').append(shellValue(v)).append('\n'));
        String command = plan.commandLine(mapper, "python");
        String logPath = persistentLog();
        // This shell is PID 1: without a trap it ignores SIGTERM and the training never hears of a stop or a
        // preemption until SIGKILL. The trap passes it on once: "kill -$$" is "kill -1" for PID 1, every process
        // of the container (and nothing outside its PID namespace); run elsewhere, it reaches only the process
        // group this shell leads, or nobody. The training runs in the background so that the trap runs at once,
        // and the shells in between outlive the signal (':' traps are reset in their children), so the real exit
        // code still comes back.
        s.append("trap 'trap : TERM INT; kill -TERM -$$ 2>/dev/null' TERM INT\n");
        if (logPath != null) {
            s.append("LOG_FILE=").append(q(path(ContainerLayout.MA_LOG_DIR) + "/" + logFilePrefix())).append("\"${VC_TASK_INDEX:-0}.log\"\n");
            // the file keeps the first 1 GiB, as ModelArts does, the console gets everything: tee writes to a FIFO whose
            // reader keeps that much and drains the rest (without mkfifo, the file gets everything)
            s.append("LOG_SINK=\"$LOG_FILE\"\n");
            s.append("if mkfifo \"$C/log.fifo\" 2>/dev/null; then\n");
            s.append("  ( trap '' TERM INT; { head -c ").append(logFileLimit).append(" >> \"$LOG_FILE\"; cat > /dev/null; } < \"$C/log.fifo\" ) &\n");
            s.append("  reader=$!\n");
            s.append("  LOG_SINK=\"$C/log.fifo\"\n");
            s.append("fi\n");
            // tee ignores the signal and ends with its input, so the last lines still reach the console and the file
            s.append("{ trap : TERM INT; (\n").append(command).append("\n) 2>&1; echo $? > \"$C/train.code\"; }")
                    .append(" | ( trap '' TERM INT; exec tee -a \"$LOG_SINK\" ) &\n");
        } else {
            s.append("( trap : TERM INT; (\n").append(command).append("\n) ) &\n");
        }
        s.append("child=$!\n");
        s.append("wait \"$child\"; code=$?\n");
        s.append("while kill -0 \"$child\" 2>/dev/null; do wait \"$child\"; code=$?; done\n");
        if (logPath != null) {
            s.append("if [ -n \"${reader:-}\" ]; then while kill -0 \"$reader\" 2>/dev/null; do wait \"$reader\"; done; fi\n");
            s.append("code=$(cat \"$C/train.code\" 2>/dev/null || echo 1)\n");
        }
        s.append("echo \"[ModelArts Service Log] Training finished. Exit code $code.\"\n");
        s.append("echo \"$code\" > \"$C/train.exit\"\n");
        if (needsSidecar()) {
            String condition = logPath != null ? "true" : "[ \"${VC_TASK_INDEX:-0}\" = 0 ]";
            s.append("if ").append(condition).append("; then\n");
            s.append("  i=0\n");
            s.append("  while [ ! -f \"$C/upload.done\" ] && [ $i -lt ").append(UPLOAD_WAIT_SECONDS).append(" ]; do sleep 1; i=$((i+1)); done\n");
            s.append("  cat \"$C/upload.log\" 2>/dev/null\n");
            s.append("fi\n");
        }
        s.append("exit $code\n");
        return s.toString();
    }

    /** The persistent log path, or null when persistent log saving is off or not an object path. */
    String persistentLog() {
        String p = plan.spec().persistentLogPath();
        return p != null && StoragePaths.isObjectPath(p) ? p : null;
    }

    /** {@code modelarts-job-<job>-worker-}: ModelArts names a task's log {@code modelarts-job-[job id]-[task id].log}. */
    String logFilePrefix() {
        return "modelarts-job-" + jobName + "-worker-";
    }

    private List<String> localDirectories() {
        List<String> dirs = new ArrayList<>();
        for (ChannelPlan out : plan.outputs()) {
            dirs.add(path(out.containerDir()));
        }
        dirs.add(path(ContainerLayout.MA_LOG_DIR));
        return dirs;
    }

    private String path(String containerPath) {
        return mapper.map(containerPath);
    }

    /**
     * The rclone environment of the transfer containers, without credentials: {@code RCLONE_CONFIG_OBS_*}
     * for type, provider, endpoint, region and addressing style. Ordered and deterministic.
     */
    public static Map<String, String> rcloneEnvironment(StorageSettings storage) {
        Map<String, String> env = new LinkedHashMap<>();
        String p = "RCLONE_CONFIG_" + REMOTE.toUpperCase(Locale.ROOT) + "_";
        env.put("RCLONE_CONFIG", "/dev/null"); // every setting comes from the environment
        env.put(p + "TYPE", "s3");
        env.put(p + "PROVIDER", provider(storage.endpoint()));
        if (storage.endpoint() != null) {
            env.put(p + "ENDPOINT", storage.endpoint());
        }
        if (storage.region() != null) {
            env.put(p + "REGION", storage.region());
        }
        env.put(p + "FORCE_PATH_STYLE", String.valueOf(storage.pathStyle()));
        env.put(p + "NO_CHECK_BUCKET", "true");
        env.put(p + "ENV_AUTH", String.valueOf(storage.credentialsSecret() == null));
        return env;
    }

    /** rclone's provider: {@code HuaweiOBS} for OBS endpoints (obs.* hosts, Huawei Cloud, Open Telekom Cloud), else {@code Other}. */
    static String provider(String endpoint) {
        if (endpoint == null) {
            return "Other";
        }
        String host;
        try {
            host = URI.create(endpoint).getHost();
        } catch (IllegalArgumentException e) {
            host = null;
        }
        host = host == null ? "" : host.toLowerCase(Locale.ROOT);
        if (host.startsWith("obs.") || host.contains(".obs.") || host.endsWith("myhuaweicloud.com")
                || host.endsWith("otc.t-systems.com")) {
            return "HuaweiOBS";
        }
        return "Other";
    }

    /** {@code obs://bucket/key} as an rclone path: {@code obs:bucket/key}. */
    static String remote(String objectPath) {
        ObjectUri uri = ObjectUri.parse(objectPath.trim());
        return REMOTE + ":" + uri.bucket() + (uri.key().isEmpty() ? "" : "/" + uri.key());
    }

    /** A shell word for {@code value} that expands {@code ${NAME}} references and nothing else. */
    static String shellValue(String value) {
        StringBuilder s = new StringBuilder();
        Matcher m = VARIABLE.matcher(value);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                s.append(ShellQuoting.quote(value.substring(at, m.start())));
            }
            s.append("\"${").append(m.group(1)).append("}\"");
            at = m.end();
        }
        if (at < value.length() || s.length() == 0) {
            s.append(ShellQuoting.quote(value.substring(at)));
        }
        return s.toString();
    }

    /** True when {@code value} references another variable as {@code ${NAME}}. */
    static boolean referencesVariables(String value) {
        return value != null && VARIABLE.matcher(value).find();
    }

    private static String q(String s) {
        return ShellQuoting.quote(s);
    }
}
