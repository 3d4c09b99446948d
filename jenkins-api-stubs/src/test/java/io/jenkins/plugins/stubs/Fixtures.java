package io.jenkins.plugins.stubs;

import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.model.ItemGroup;
import hudson.model.Job;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.util.Set;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** Classes compiled against the stand-ins the way plugin code is: extensions, a step, a job and a run. */
final class Fixtures {
    private Fixtures() {}

    /** A Pipeline step with an {@code @Extension} descriptor. */
    public static final class SampleStep extends Step {
        private final String image;
        private int nodes = 1;

        @DataBoundConstructor
        public SampleStep(String image) {
            this.image = image;
        }

        public String getImage() {
            return image;
        }

        public int getNodes() {
            return nodes;
        }

        @DataBoundSetter
        public void setNodes(int nodes) {
            this.nodes = nodes;
        }

        @Override
        public StepExecution start(StepContext context) {
            return new StepExecution(context) {
                private static final long serialVersionUID = 1L;

                @Override
                public boolean start() throws Exception {
                    context.get(TaskListener.class).getLogger().println("image " + image);
                    context.onSuccess(image);
                    return true;
                }
            };
        }

        @Extension
        public static final class DescriptorImpl extends StepDescriptor {
            @Override
            public Set<? extends Class<?>> getRequiredContext() {
                return Set.of(TaskListener.class);
            }

            @Override
            public String getFunctionName() {
                return "sampleStep";
            }
        }
    }

    /** A global configuration with a {@code @Symbol}, as JCasC wants. */
    @Symbol("sampleConfig")
    @Extension
    public static final class SampleConfig extends GlobalConfiguration {
        private String endpoint;

        public SampleConfig() {
            load();
        }

        public String getEndpoint() {
            return endpoint;
        }

        @DataBoundSetter
        public void setEndpoint(String endpoint) {
            this.endpoint = endpoint;
            save();
        }
    }

    /** A nested describable with a descriptor. */
    public static final class Mount extends AbstractDescribableImpl<Mount> {
        @Symbol("nfs")
        @Extension(ordinal = 10)
        public static final class DescriptorImpl extends Descriptor<Mount> {}
    }

    /** Two extensions of one type, to check ordering by ordinal. */
    public interface Ranked extends hudson.ExtensionPoint {}

    @Extension(ordinal = 1)
    public static final class Low implements Ranked {}

    @Extension(ordinal = 100)
    public static final class High implements Ranked {}

    /** A job directly in Jenkins (so, as in Jenkins, a {@link hudson.model.TopLevelItem}). */
    public static final class FakeJob extends Job<FakeJob, FakeRun> implements hudson.model.TopLevelItem {
        public FakeJob(ItemGroup parent, String name) {
            super(parent, name);
        }

        @Override
        public boolean isBuildable() {
            return true;
        }

        private final java.util.TreeMap<Integer, FakeRun> runs = new java.util.TreeMap<>(java.util.Collections.reverseOrder());

        @Override
        protected synchronized java.util.SortedMap<Integer, FakeRun> _getRuns() {
            return new java.util.TreeMap<>(runs);
        }

        @Override
        protected synchronized void removeRun(FakeRun run) {
            runs.remove(run.getNumber());
        }

        synchronized void add(FakeRun run) {
            runs.put(run.getNumber(), run);
        }
    }

    public static final class FakeRun extends Run<FakeJob, FakeRun> {
        public FakeRun(FakeJob job) throws IOException {
            super(job);
            job.add(this);
        }

        public void finish() {
            onEndBuilding();
        }
    }

    /** Makes a job directly under Jenkins. */
    static FakeJob job(String name) throws Exception {
        jenkins.model.Jenkins j = jenkins.model.Jenkins.get();
        FakeJob job = new FakeJob(j, name);
        j.putItem(job);
        return job;
    }
}
