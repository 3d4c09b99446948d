package io.jenkins.plugins.modelarts;

import hudson.FilePath;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.modelarts.train.events.JobEventSink;
import java.util.List;

/**
 * Controller objects an agent may call back while it works for a build, exported over the workspace's channel
 * (remoting sends the agent a reference, never the object): the build console (masked here, on the controller,
 * so the agent never learns the secret values) and the object-store broker (listings and presigned requests, so
 * the agent never holds a key). On the built-in node the channel is local and the objects are used as they are.
 */
final class AgentExports {

    private AgentExports() {
    }

    static <T> T export(FilePath ws, Class<T> type, T instance) {
        if (instance == null) {
            return null;
        }
        VirtualChannel channel = ws.getChannel();
        return channel == null ? instance : channel.export(type, instance);
    }

    /** The build console for the agent: every line masked with {@code secrets} before it is written. */
    static JobEventSink console(FilePath ws, TaskListener listener, List<String> secrets) {
        return export(ws, JobEventSink.class, JenkinsConsole.sink(listener, secrets, null));
    }
}
