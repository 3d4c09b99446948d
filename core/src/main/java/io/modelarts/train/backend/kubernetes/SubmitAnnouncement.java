package io.modelarts.train.backend.kubernetes;

import io.modelarts.train.events.JobEventSink;

/**
 * The one message of a job that is said off the control thread: what its submission found or created, said by the
 * thread that learnt it. Once {@link #silence()} has returned (the job is ending or detached), nothing more is said; a
 * message under way is waited for, so that no event reaches the sink after a detach.
 */
final class SubmitAnnouncement {

    private final JobEventSink sink;
    private boolean silenced;

    SubmitAnnouncement(JobEventSink sink) {
        this.sink = sink;
    }

    synchronized void say(String message) {
        if (!silenced) {
            sink.info(message);
        }
    }

    synchronized void silence() {
        silenced = true;
    }
}
