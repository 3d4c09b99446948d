package jenkins.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;

/**
 * Stand-in for {@code jenkins.util.VirtualFile}: a read-only view of a file that may live elsewhere (an artifact
 * manager's storage). Only the abstract core of the real class and {@link #forFile(File)} are here.
 */
public abstract class VirtualFile implements Comparable<VirtualFile>, Serializable {

    public abstract @NonNull String getName();

    public abstract @NonNull URI toURI();

    public abstract VirtualFile getParent();

    public abstract boolean isDirectory() throws IOException;

    public abstract boolean isFile() throws IOException;

    public abstract boolean exists() throws IOException;

    public abstract @NonNull VirtualFile[] list() throws IOException;

    /** A child path, possibly with {@code /} (never {@code ..}), whether it exists or not. */
    public abstract @NonNull VirtualFile child(@NonNull String name);

    public abstract long length() throws IOException;

    public abstract long lastModified() throws IOException;

    public abstract boolean canRead() throws IOException;

    public abstract InputStream open() throws IOException;

    @Override
    public final int compareTo(VirtualFile o) {
        return getName().compareToIgnoreCase(o.getName());
    }

    @Override
    public final boolean equals(Object obj) {
        return obj instanceof VirtualFile v && toURI().equals(v.toURI());
    }

    @Override
    public final int hashCode() {
        return toURI().hashCode();
    }

    @Override
    public final String toString() {
        return toURI().toString();
    }

    /** A view of a local file (which need not exist). */
    public static VirtualFile forFile(final File f) {
        return new FileVirtualFile(f);
    }

    private static final class FileVirtualFile extends VirtualFile {
        private static final long serialVersionUID = 1L;
        private final File f;

        FileVirtualFile(File f) {
            this.f = f;
        }

        @Override
        public @NonNull String getName() {
            return f.getName();
        }

        @Override
        public @NonNull URI toURI() {
            return f.toURI();
        }

        @Override
        public VirtualFile getParent() {
            return new FileVirtualFile(f.getParentFile());
        }

        @Override
        public boolean isDirectory() {
            return f.isDirectory();
        }

        @Override
        public boolean isFile() {
            return f.isFile();
        }

        @Override
        public boolean exists() {
            return f.exists();
        }

        @Override
        public @NonNull VirtualFile[] list() {
            File[] kids = f.listFiles();
            if (kids == null) {
                return new VirtualFile[0];
            }
            VirtualFile[] out = new VirtualFile[kids.length];
            for (int i = 0; i < kids.length; i++) {
                out[i] = new FileVirtualFile(kids[i]);
            }
            return out;
        }

        @Override
        public @NonNull VirtualFile child(@NonNull String name) {
            return new FileVirtualFile(new File(f, name));
        }

        @Override
        public long length() {
            return f.length();
        }

        @Override
        public long lastModified() {
            return f.lastModified();
        }

        @Override
        public boolean canRead() {
            return f.canRead();
        }

        @Override
        public InputStream open() throws IOException {
            return new FileInputStream(f);
        }
    }
}
