package io.jenkins.plugins.stubs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import hudson.EnvVars;
import hudson.model.Result;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import hudson.util.StreamTaskListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MiscApiTest {
    @RegisterExtension
    final RunningJenkins running = new RunningJenkins();

    @Test
    void formValidationExposesKindAndEscapedMessage() {
        FormValidation e = FormValidation.error("bad <name>");
        assertThat(e.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(e.getMessage()).isEqualTo("bad &lt;name&gt;");
        assertThat(FormValidation.ok().kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(FormValidation.ok().getMessage()).isNull();
        assertThat(FormValidation.warning("w %d", 3).getMessage()).isEqualTo("w 3");
        assertThat(FormValidation.validateRequired(" ").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(FormValidation.validateIntegerInRange("4", 1, 3).kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(FormValidation.validateIntegerInRange("3", 1, 3).kind).isEqualTo(FormValidation.Kind.OK);
        FormValidation all = FormValidation.aggregate(List.of(FormValidation.ok(), FormValidation.warning("a"), FormValidation.error("b")));
        assertThat(all.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(all.renderHtml()).contains("a", "b");
        assertThat(FormValidation.error(new IllegalStateException("boom"), "failed").getCause()).hasMessage("boom");
    }

    @Test
    void listBoxModelAndSecret() {
        ListBoxModel m = new ListBoxModel();
        m.add("Display", "value");
        m.add("same");
        assertThat(m).extracting(o -> o.name + "=" + o.value).containsExactly("Display=value", "same=same");
        Secret s = Secret.fromString("p4ss");
        assertThat(s.getPlainText()).isEqualTo("p4ss");
        assertThat(Secret.fromString(s.getEncryptedValue())).isEqualTo(s);
        assertThat(s.getEncryptedValue()).doesNotContain("p4ss");
        assertThat(Secret.toString(null)).isEmpty();
    }

    @Test
    void envVarsAndResult() {
        EnvVars env = new EnvVars("PATH", "/bin", "name", "x");
        env.override("PATH+TOOL", "/opt/tool");
        assertThat(env.get("path")).isEqualTo("/opt/tool" + java.io.File.pathSeparator + "/bin");
        assertThat(env.expand("${NAME}-$name-$missing")).isEqualTo("x-x-$missing");
        assertThat(Result.FAILURE.isWorseThan(Result.UNSTABLE)).isTrue();
        assertThat(Result.SUCCESS.combine(Result.ABORTED)).isSameAs(Result.ABORTED);
        assertThat(Result.fromString("aborted")).isSameAs(Result.ABORTED);
    }

    @Test
    void jsonObject() {
        JSONObject o = JSONObject.fromObject("{\"a\": 1, \"b\": {\"c\": [true, \"x\"]}, \"s\": 'q'}");
        assertThat(o.getInt("a")).isEqualTo(1);
        assertThat(o.getJSONObject("b").getJSONArray("c").getBoolean(0)).isTrue();
        assertThat(o.optString("missing", "d")).isEqualTo("d");
        assertThat(o.getString("s")).isEqualTo("q");
        JSONObject p = new JSONObject().element("k", Map.of("n", 2));
        assertThat(p.toString()).isEqualTo("{\"k\":{\"n\":2}}");
        assertThat(JSONObject.fromObject(p.toString()).equals(p)).isTrue();
    }

    @Test
    void stepExecutionAgainstAFakeContext() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TaskListener listener = new StreamTaskListener(log, StandardCharsets.UTF_8);
        List<Object> outcomes = new ArrayList<>();
        StepContext ctx = new StepContext() {
            private static final long serialVersionUID = 1L;

            @Override
            public <T> T get(Class<T> key) {
                return key == TaskListener.class ? key.cast(listener) : null;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public ListenableFuture<Void> saveState() {
                return Futures.immediateFuture(null);
            }

            @Override
            public void setResult(Result r) {}

            @Override
            public BodyInvoker newBodyInvoker() {
                throw new IllegalStateException("no body");
            }

            @Override
            public void onSuccess(Object result) {
                outcomes.add(result);
            }

            @Override
            public void onFailure(Throwable t) {
                outcomes.add(t);
            }

            @Override
            public boolean equals(Object o) {
                return o == this;
            }

            @Override
            public int hashCode() {
                return System.identityHashCode(this);
            }
        };
        StepExecution exec = new Fixtures.SampleStep("pytorch:2").start(ctx);
        assertThat(exec.start()).isTrue();
        assertThat(outcomes).containsExactly("pytorch:2");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("image pytorch:2");
        assertThat(exec.getStatusBounded(1, java.util.concurrent.TimeUnit.SECONDS)).isNull();
        exec.stop(new InterruptedException("stop"));
        assertThat(outcomes).hasSize(2);
    }

    @Test
    void runsHaveNumbersDirectoriesAndArtifacts() throws Exception {
        Fixtures.FakeJob job = Fixtures.job("train");
        Fixtures.FakeRun r1 = new Fixtures.FakeRun(job);
        Fixtures.FakeRun r2 = new Fixtures.FakeRun(job);
        assertThat(r2.getNumber()).isEqualTo(2);
        assertThat(r2.getExternalizableId()).isEqualTo("train#2");
        assertThat(job.getLastBuild()).isSameAs(r2);
        assertThat(job.getBuildByNumber(1)).isSameAs(r1);
        r2.setResult(Result.UNSTABLE);
        r2.setResult(Result.SUCCESS);
        assertThat(r2.getResult()).isSameAs(Result.UNSTABLE);
        assertThat(r2.getRootDir()).isEqualTo(new java.io.File(Jenkins.get().getRootDir(), "jobs/train/builds/2"));

        hudson.FilePath ws = new hudson.FilePath(java.nio.file.Files.createTempDirectory("ws").toFile());
        ws.child("out/model.bin").write("m", "UTF-8");
        r2.pickArtifactManager().archive(ws, new hudson.Launcher.LocalLauncher(TaskListener.NULL),
                jenkins.util.BuildListenerAdapter.wrap(TaskListener.NULL), Map.of("model/model.bin", "out/model.bin"));
        assertThat(new java.io.File(r2.getArtifactsDir(), "model/model.bin")).hasContent("m");
        jenkins.util.VirtualFile archived = r2.getArtifactManager().root().child("model/model.bin");
        assertThat(archived.isFile()).isTrue();
        try (java.io.InputStream in = archived.open()) {
            assertThat(in.readAllBytes()).containsExactly('m');
        }
        assertThat(r2.getArtifactManager().root().child("model/none.bin").exists()).isFalse();
        r2.finish();
        assertThat(r2.isBuilding()).isFalse();
        ws.deleteRecursive();
    }

    @Test
    void lastBuildsFollowJenkinsRules() throws Exception {
        Fixtures.FakeJob job = Fixtures.job("history");
        Fixtures.FakeRun r1 = new Fixtures.FakeRun(job);
        Fixtures.FakeRun r2 = new Fixtures.FakeRun(job);
        Fixtures.FakeRun r3 = new Fixtures.FakeRun(job);
        assertThat(r3.getPreviousBuild()).isSameAs(r2);
        assertThat(r1.getPreviousBuild()).isNull();
        assertThat(job.getLastCompletedBuild()).isNull();
        r1.finish();
        r2.setResult(Result.UNSTABLE);
        r2.finish();
        // r3 is still building: never a "last" build
        assertThat(job.getLastCompletedBuild()).isSameAs(r2);
        assertThat(job.getLastSuccessfulBuild()).as("successful includes UNSTABLE").isSameAs(r2);
        assertThat(job.getLastStableBuild()).as("stable is SUCCESS only").isSameAs(r1);
    }
}
