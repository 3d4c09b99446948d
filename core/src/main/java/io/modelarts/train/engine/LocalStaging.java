package io.modelarts.train.engine;

import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.plan.ChannelPlan;
import io.modelarts.train.plan.CodePlan;
import io.modelarts.train.plan.ContainerLayout;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.rules.CodeDirLimits;
import io.modelarts.train.spec.StoragePaths;
import io.modelarts.train.storage.ObjectStore;
import io.modelarts.train.storage.ObjectUri;
import io.modelarts.train.storage.TransferReport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Uploads a job's local code folder and local inputs (a Jenkins workspace, a laptop folder) to the object
 * store for backends whose jobs read only from there, and returns the plan with their object paths.
 * Staged files go under {@code obs://<bucket of the first output>/.modelarts-train/staging/<submission>/}:
 * a bucket the job may write to anyway, one folder per submission, so a retried submission overwrites its
 * own copy and two builds never share one.
 *
 * <p>{@link #uploads} and {@link #upload} split the work so that it can run where the files are: the Jenkins step
 * sends the list to the agent that holds the workspace, uploads from there, and submits the {@link #rewrite
 * rewritten} plan.
 */
public final class LocalStaging {

    static final String STAGING_FOLDER = ".modelarts-train/staging/";

    private LocalStaging() {
    }

    /**
     * One local folder or file to upload: {@code kind} is {@code code} or {@code input}, {@code name} the input's
     * name (or the code folder's), {@code target} the object-store folder it goes to. Serializable, to be sent where
     * the files are.
     */
    public record Upload(String kind, String name, String localPath, String target) implements java.io.Serializable {
    }

    /** True when the plan names a local code folder or a local input. */
    public static boolean needed(JobPlan plan) {
        return (plan.code() != null && plan.code().local())
                || plan.inputs().stream().anyMatch(c -> !StoragePaths.isObjectPath(c.source()));
    }

    /** Uploads the local code folder and local inputs, then returns {@link #rewrite the plan with their object paths}. */
    static JobPlan stage(JobPlan plan, ObjectStore store, JobEventSink events) {
        upload(uploads(plan), store, events);
        return rewrite(plan);
    }

    /** What {@link #stage} uploads, without uploading it. */
    public static List<Upload> uploads(JobPlan plan) {
        JobPlan staged = rewrite(plan);
        List<Upload> uploads = new ArrayList<>();
        if (plan.code() != null && plan.code().local()) {
            uploads.add(new Upload("code", ContainerLayout.lastDirectoryName(plan.code().source()), plan.code().source(),
                    staged.code().source()));
        }
        for (int i = 0; i < plan.inputs().size(); i++) {
            ChannelPlan in = plan.inputs().get(i);
            if (!StoragePaths.isObjectPath(in.source())) {
                uploads.add(new Upload("input", in.name(), in.source(), staged.inputs().get(i).source()));
            }
        }
        return uploads;
    }

    /** Uploads each local folder or file of {@code uploads}, saying what it does in {@code events}. */
    public static void upload(List<Upload> uploads, ObjectStore store, JobEventSink events) {
        for (Upload u : uploads) {
            Path local = Path.of(u.localPath());
            ObjectUri target = ObjectUri.parse(u.target());
            if (u.kind().equals("code")) {
                events.info("Uploading the local code directory " + local + " to " + target);
                TransferReport r = store.uploadCodeDirectory(local, target, CodeDirLimits.DEFAULT);
                events.info("Code uploaded: " + r.summary());
            } else {
                events.info("Uploading the local input " + u.name() + " (" + local + ") to " + target);
                if (Files.isDirectory(local)) {
                    events.info("Input " + u.name() + " uploaded: " + store.syncUp(local, target).summary());
                } else {
                    store.putFile(local, target.resolve(local.getFileName().toString()));
                    events.info("Input " + u.name() + " uploaded: " + local.getFileName());
                }
            }
        }
    }

    /**
     * The plan with its local code folder and local inputs replaced by their staging paths, without
     * uploading anything: what a re-attached job (a resumed Jenkins step) needs for further attempts.
     */
    public static JobPlan rewrite(JobPlan plan) {
        if (!needed(plan)) {
            return plan;
        }
        ObjectUri root = stagingRoot(plan);
        CodePlan code = plan.code();
        if (code != null && code.local()) {
            ObjectUri target = root.resolve("code/" + ContainerLayout.lastDirectoryName(code.source()) + "/");
            code = new CodePlan(target.toString(), code.containerDir(), false);
        }
        List<ChannelPlan> inputs = new ArrayList<>();
        for (ChannelPlan in : plan.inputs()) {
            inputs.add(StoragePaths.isObjectPath(in.source()) ? in
                    : new ChannelPlan(in.name(), root.resolve("inputs/" + in.name() + "/").toString(), in.containerDir(),
                    in.obtainedFrom(), in.predownload()));
        }
        return plan.withSources(code, inputs);
    }

    /** The staging folder of this submission, in the bucket of the first object-store output (or input). */
    static ObjectUri stagingRoot(JobPlan plan) {
        String anchor = plan.outputs().stream().map(ChannelPlan::source).filter(StoragePaths::isObjectPath).findFirst()
                .or(() -> plan.inputs().stream().map(ChannelPlan::source).filter(StoragePaths::isObjectPath).findFirst())
                .orElseThrow(() -> new EngineException("local code or inputs must be uploaded to the object store for this backend, "
                        + "but the job names no obs:// path to take a bucket from: add an output (outputs[0].dataPath) "
                        + "or give codeDir and inputs as obs:// paths"));
        String bucket = ObjectUri.parse(anchor.trim()).bucket();
        String submission = sha256(plan.submissionId()).substring(0, 16);
        return ObjectUri.parse("obs://" + bucket + "/" + STAGING_FOLDER + safe(plan.jobName()) + "-" + submission + "/");
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9_-]", "-");
    }
}
