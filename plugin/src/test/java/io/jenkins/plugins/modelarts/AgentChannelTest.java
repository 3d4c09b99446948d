package io.jenkins.plugins.modelarts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.FilePath;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pretend agent's channel fails a test whenever a configured secret crosses, wherever it hides. */
class AgentChannelTest {

    static final String TOKEN = "agent-channel-test-token-0042";

    @TempDir
    Path tmp;

    @AfterEach
    void reset() {
        Jenkins.resetForTests();
    }

    /** Work for the agent that carries whatever it is given. */
    static final class Carrier extends MasterToSlaveFileCallable<String> {
        private static final long serialVersionUID = 1L;
        private final Object payload;

        Carrier(Object payload) {
            this.payload = payload;
        }

        @Override
        public String invoke(File f, VirtualChannel channel) {
            return "ran on the agent";
        }
    }

    /** A callback the agent may call on the controller. */
    interface Lookup {
        String value(String name);
    }

    /** Work for the agent that asks the controller for a value. */
    static final class Asker extends MasterToSlaveFileCallable<String> {
        private static final long serialVersionUID = 1L;
        private final Lookup lookup;
        private final String name;

        Asker(Lookup lookup, String name) {
            this.lookup = lookup;
            this.name = name;
        }

        @Override
        public String invoke(File f, VirtualChannel channel) {
            return lookup.value(name);
        }
    }

    @Test
    void aSecretInAnyFieldReachableFromTheCallableFailsTheCall() throws Exception {
        TestJenkins.addToken("some-token", TOKEN);
        TestJenkins.addKeys("some-keys", "AKIDEXAMPLE", "s3-secret-key-of-the-test");
        AgentChannel agent = new AgentChannel();
        FilePath ws = new FilePath(agent, tmp.toString());

        assertThat(ws.act(new Carrier(List.of("harmless", Map.of("k", "v"))))).isEqualTo("ran on the agent");
        assertThatThrownBy(() -> ws.act(new Carrier(List.of("a", Map.of("nested", new String[] {"x", "Bearer " + TOKEN})))))
                .isInstanceOf(AssertionError.class).hasMessageContaining("payload");
        assertThatThrownBy(() -> ws.act(new Carrier(("prefix-s3-secret-key-of-the-test").toCharArray())))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> ws.act(new Carrier(new S3Access(null, null, true, "AKIDEXAMPLE", "s3-secret-key-of-the-test"))))
                .as("the controller's connection is not serializable at all").isInstanceOf(java.io.NotSerializableException.class);
    }

    /** Work that reports which class loader its class came from. */
    static final class WhereAmI extends MasterToSlaveFileCallable<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String invoke(File f, VirtualChannel channel) {
            return getClass().getClassLoader().getClass().getSimpleName();
        }
    }

    @Test
    void theAgentRunsItsOwnCopyOfThePluginsClasses() throws Exception {
        FilePath ws = new FilePath(new AgentChannel(), tmp.toString());
        assertThat(ws.act(new WhereAmI())).isEqualTo("AgentClassLoader");
        assertThat(new FilePath(tmp.toFile()).act(new WhereAmI())).isNotEqualTo("AgentClassLoader");
    }

    @Test
    void whatAnExportedObjectAnswersIsCheckedToo() throws Exception {
        TestJenkins.addToken("some-token", TOKEN);
        AgentChannel agent = new AgentChannel();
        Lookup leaky = name -> name.equals("token") ? TOKEN : "nothing";
        Lookup exported = agent.export(Lookup.class, leaky);
        FilePath ws = new FilePath(agent, tmp.toString());

        assertThat(ws.act(new Asker(exported, "other"))).isEqualTo("nothing");
        assertThatThrownBy(() -> ws.act(new Asker(exported, "token"))).isInstanceOf(AssertionError.class);
        assertThat(agent.callbacks).containsExactly("Lookup.value", "Lookup.value");
    }
}
