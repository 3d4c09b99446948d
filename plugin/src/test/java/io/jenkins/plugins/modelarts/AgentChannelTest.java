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

    @Test
    void whatAnExportedObjectAnswersIsCheckedToo() throws Exception {
        TestJenkins.addToken("some-token", TOKEN);
        AgentChannel agent = new AgentChannel();
        Lookup leaky = name -> name.equals("token") ? TOKEN : "nothing";
        Lookup exported = agent.export(Lookup.class, leaky);
        FilePath ws = new FilePath(agent, tmp.toString());

        assertThat(ws.act(new Carrier(exported))).isEqualTo("ran on the agent");
        assertThat(exported.value("other")).isEqualTo("nothing");
        assertThatThrownBy(() -> exported.value("token")).isInstanceOf(AssertionError.class);
        assertThat(agent.callbacks).contains("Lookup.value");
    }
}
