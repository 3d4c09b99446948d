package io.jenkins.plugins.modelarts;

import hudson.model.TaskListener;
import io.modelarts.train.events.JobEventSink;
import io.modelarts.train.events.JobStatus;
import io.modelarts.train.logs.ConsoleSink;
import io.modelarts.train.logs.SecretMasker;
import java.util.Collection;
import java.util.function.BiConsumer;

/**
 * The build console as a job event sink: training lines as they are (the engine already prefixes the lines of
 * multi-node jobs with their worker), platform messages and status changes as {@code [ModelArts Service Log]}
 * lines, each written and flushed whole. Every text passes a {@link SecretMasker} with the build's secrets
 * (kubeconfig, token, object-store keys) before it reaches the console, in addition to the engine's own masking.
 */
final class JenkinsConsole {

    /** The plugin's own lines. */
    static final String PREFIX = "[modelartsTrain] ";

    private JenkinsConsole() {
    }

    /**
     * A sink writing to {@code listener}; {@code onStatus} hears every status change (for the step's status and
     * for persisting the job handle).
     */
    static JobEventSink sink(TaskListener listener, Collection<String> secrets, BiConsumer<JobStatus, String> onStatus) {
        ConsoleSink console = new ConsoleSink(listener.getLogger(), listener.getCharset());
        JobEventSink tracking = new JobEventSink() {
            @Override
            public void status(JobStatus status, String reason) {
                console.status(status, reason);
                if (onStatus != null) {
                    try {
                        onStatus.accept(status, reason);
                    } catch (RuntimeException e) {
                        // never throw back into the backend
                    }
                }
            }

            @Override
            public void log(String worker, String line) {
                console.log(worker, line);
            }

            @Override
            public void logLines(String worker, byte[] utf8, int from, int to) {
                console.logLines(worker, utf8, from, to);
            }

            @Override
            public void info(String message) {
                console.info(message);
            }
        };
        return SecretMasker.wrap(tracking, secrets);
    }

    /** Prints one line of the plugin's own, masked. */
    static void println(TaskListener listener, Collection<String> secrets, String text) {
        listener.getLogger().println(PREFIX + new SecretMasker(JobEventSink.NONE, secrets).mask(text));
    }
}
