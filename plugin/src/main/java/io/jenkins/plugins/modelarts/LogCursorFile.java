package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.modelarts.train.backend.JobHandle;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where a step's job handle (the Kubernetes Job and the log cursor of every container) is kept between two saves of
 * the Pipeline program: a small file of the build, {@code <build dir>/modelarts-train/<step>.cursor}, rewritten
 * atomically every few seconds while log lines arrive. {@code StepContext.saveState()} cannot do this job: it does
 * nothing in "performance-optimized" durability and rewrites the whole {@code program.dat} in "max survivability".
 *
 * <p>Each write carries a sequence number; on resume the step takes whichever of this file and its own persisted
 * handle is newer. The file is read with a filter that admits only the engine's handle classes and the JDK types they
 * are made of.
 */
final class LogCursorFile {

    private static final Logger LOGGER = Logger.getLogger(LogCursorFile.class.getName());
    private static final int MAGIC = 0x4d414331; // "MAC1"

    /** A handle with the sequence number of the write it came from. */
    record Saved(long sequence, JobHandle handle) {
    }

    private final File file;

    LogCursorFile(File buildDir, String stepKey) {
        this.file = new File(new File(buildDir, "modelarts-train"), stepKey + ".cursor");
    }

    File file() {
        return file;
    }

    /** Writes {@code handle} (atomically: a reader sees the old or the new content, never half of one). */
    void write(long sequence, JobHandle handle) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeLong(sequence);
            byte[] h = encode(handle);
            out.writeInt(h.length);
            out.write(h);
        }
        Files.createDirectories(file.getParentFile().toPath());
        File tmp = new File(file.getParentFile(), file.getName() + ".tmp");
        Files.write(tmp.toPath(), bytes.toByteArray());
        Files.move(tmp.toPath(), file.toPath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** What was last written; {@code null} if nothing was, or the file cannot be read (then the program's handle is used). */
    @CheckForNull
    Saved read() {
        if (!file.isFile()) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file.toPath())))) {
            if (in.readInt() != MAGIC) {
                return null;
            }
            long sequence = in.readLong();
            byte[] h = new byte[in.readInt()];
            in.readFully(h);
            return new Saved(sequence, decode(h));
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "cannot read the log cursor file " + file, e);
            return null;
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(file.toPath());
        } catch (IOException e) {
            LOGGER.log(Level.FINE, "cannot delete " + file, e);
        }
    }

    static byte[] encode(@CheckForNull JobHandle h) {
        if (h == null) {
            return new byte[0];
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(h);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @CheckForNull
    static JobHandle decode(@CheckForNull byte[] state) throws IOException, ClassNotFoundException {
        if (state == null || state.length == 0) {
            return null;
        }
        ClassLoader loader = LogCursorFile.class.getClassLoader();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(state)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    return super.resolveClass(desc);
                }
            }
        }) {
            in.setObjectInputFilter(LogCursorFile::onlyHandles);
            Object o = in.readObject();
            if (!(o instanceof JobHandle h)) {
                throw new InvalidClassException("not a job handle: " + o.getClass().getName());
            }
            return h;
        }
    }

    /** The engine's handle types and the JDK values and collections they are made of; nothing else. */
    private static ObjectInputFilter.Status onlyHandles(ObjectInputFilter.FilterInfo info) {
        Class<?> c = info.serialClass();
        if (info.depth() > 20 || info.references() > 10_000 || info.arrayLength() > 100_000) {
            return ObjectInputFilter.Status.REJECTED;
        }
        if (c == null) {
            return ObjectInputFilter.Status.UNDECIDED;
        }
        while (c.isArray()) {
            c = c.getComponentType();
        }
        String n = c.getName();
        if (c.isPrimitive() || n.startsWith("io.modelarts.train.") || n.startsWith("java.lang.") || n.startsWith("java.util.")
                || n.startsWith("java.time.")) {
            return ObjectInputFilter.Status.ALLOWED;
        }
        return ObjectInputFilter.Status.REJECTED;
    }
}
