package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.modelarts.train.backend.JobHandle;
import io.modelarts.train.backend.kubernetes.KubernetesJobHandle;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Objects;

/**
 * A running step's job handle (namespace, names, uid, attempt and the log cursor of every container) as it is
 * persisted: with the Pipeline program, as Java serialization bytes (the engine's handles are records, and Pipeline's
 * JBoss Marshalling only recently learnt records), and in the build's {@link LogCursorFile}. Every change counts up a
 * sequence number that the cursor file records too, so that a resumed step takes the newer of both.
 */
final class PersistedHandle implements Serializable {

    private static final long serialVersionUID = 1L;

    private volatile byte[] state;
    private volatile long sequence;
    private transient volatile JobHandle handle;
    /** The handle last written to the cursor file: an unchanged cursor is not written again. */
    private transient volatile JobHandle cursorWritten;

    @CheckForNull
    JobHandle get() {
        return handle;
    }

    /** Holds {@code h} (null is ignored) and counts the change. */
    synchronized void set(@CheckForNull JobHandle h) {
        if (h == null || h.equals(handle) && state != null) {
            return;
        }
        handle = h;
        state = LogCursorFile.encode(h);
        sequence++;
    }

    /**
     * Holds {@code h} when it names another Kubernetes Job than the one held (a new attempt): then the program must
     * learn it, and this returns true.
     */
    boolean adoptIfAnotherJob(@CheckForNull JobHandle h) {
        JobHandle before = handle;
        if (h == null) {
            return false;
        }
        boolean same = before instanceof KubernetesJobHandle x && h instanceof KubernetesJobHandle y
                ? Objects.equals(x.uid(), y.uid()) && Objects.equals(x.kubernetesName(), y.kubernetesName()) && x.attempt() == y.attempt()
                : Objects.equals(before, h);
        if (!same) {
            set(h);
        }
        return !same;
    }

    /** The held handle, or the cursor file's when that one is newer (written since the program was saved). */
    @CheckForNull
    JobHandle newest(@CheckForNull LogCursorFile file) {
        JobHandle h = handle;
        LogCursorFile.Saved saved = file == null ? null : file.read();
        if (saved != null && saved.handle() != null && (h == null || saved.sequence() >= sequence)) {
            sequence = saved.sequence();
            return saved.handle();
        }
        return h;
    }

    /** Writes {@code h} into {@code file} when it moved since the last write. */
    void writeCursor(LogCursorFile file, @CheckForNull JobHandle h) throws IOException {
        if (h == null || h.equals(cursorWritten)) {
            return;
        }
        set(h);
        file.write(sequence, h);
        cursorWritten = h;
    }

    /** {@code Kubernetes Job ns/name, attempt n}, for the console. */
    static String describe(JobHandle h) {
        if (h instanceof KubernetesJobHandle k) {
            return "Kubernetes Job " + k.namespace() + "/" + k.kubernetesName() + ", attempt " + k.attempt();
        }
        return h.backend() + " job " + h.jobName();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        handle = LogCursorFile.decode(state);
    }
}
