package io.jenkins.plugins.stubs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.Extension;
import hudson.init.Terminator;
import hudson.model.listeners.ItemListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.flow.FlowExecutionList;
import org.junit.jupiter.api.Test;

/** {@code Jenkins.cleanUp()} runs in Jenkins' order, and {@code isTerminating()} is false until the end. */
public class ShutdownOrderTest {

    static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    static void record(String what) {
        EVENTS.add(what + " terminating=" + Jenkins.get().isTerminating());
    }

    @Extension
    public static final class Listener extends ItemListener {
        @Override
        public void onBeforeShutdown() {
            record("onBeforeShutdown");
        }
    }

    // declared in an order unlike the one they must run in
    @Terminator(requires = FlowExecutionList.EXECUTIONS_SUSPENDED, attains = "ShutdownOrderTest.CLOSED")
    public static void closeClients() {
        record("closeClients");
    }

    @Terminator(requires = "ShutdownOrderTest.CLOSED")
    public static void last() {
        record("last");
    }

    @Terminator(attains = FlowExecutionList.EXECUTIONS_SUSPENDED)
    public static void suspendAll() {
        record("suspendAll");
    }

    @Test
    void cleanUpNotifiesListenersThenRunsTerminatorsInMilestoneOrderThenTerminates() throws Exception {
        Jenkins j = RunningJenkins.start();
        EVENTS.clear();
        assertThat(j.isTerminating()).isFalse();

        j.cleanUp();

        assertThat(EVENTS).containsExactly("onBeforeShutdown terminating=false", "suspendAll terminating=false",
                "closeClients terminating=false", "last terminating=false");
        assertThat(j.isTerminating()).isTrue();
        assertThat(Jenkins.getInstanceOrNull()).isNull();
        assertThatThrownBy(Jenkins::get).isInstanceOf(IllegalStateException.class);
    }

    /** Jenkins' reactor invokes terminators without setAccessible: one in a class that is not public never runs. */
    static final class NotPublic {
        @Terminator
        public static void hidden() {
            record("hidden");
        }
    }

    @Test
    void aTerminatorInAClassThatIsNotPublicDoesNotRun() throws Exception {
        Jenkins j = RunningJenkins.start();
        EVENTS.clear();
        j.cleanUp();
        assertThat(EVENTS).noneMatch(e -> e.startsWith("hidden"));
    }

    @Test
    void thereIsOneJenkinsAtATime() throws Exception {
        Jenkins j = RunningJenkins.start();
        try {
            assertThatThrownBy(RunningJenkins::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("second instance");
            assertThat(Jenkins.get()).isSameAs(j);
        } finally {
            RunningJenkins.stop();
        }
    }
}
