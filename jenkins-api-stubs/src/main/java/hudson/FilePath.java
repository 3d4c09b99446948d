package hudson;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.remoting.Callable;
import hudson.remoting.LocalChannel;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.FileFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jenkins.agents.ControllerToAgentFileCallable;
import org.jenkinsci.remoting.RoleSensitive;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

/**
 * Stand-in for {@code hudson.FilePath}: a file or directory on the controller or an agent.
 *
 * <p>Stand-in behaviour: a path without a channel (or with {@link #localChannel}) is a local path, and every
 * operation works for real on the local file system, so tests can use temporary directories
 * ({@code new FilePath(tempDir.toFile())}). {@link #act(FileCallable)} runs the callable in this JVM on
 * {@code new File(getRemote())}; with another channel it is sent through {@link VirtualChannel#call}. Ant-style
 * masks ({@code **}/{@code *}/{@code ?}, comma or space separated) are understood by {@link #list(String)} and
 * {@link #copyRecursiveTo(String, FilePath)}.
 */
public final class FilePath implements SerializableOnlyOverRemoting {
    private static final long serialVersionUID = 1L;

    private transient @CheckForNull VirtualChannel channel;

    private final @NonNull String remote;

    public FilePath(@CheckForNull VirtualChannel channel, @NonNull String remote) {
        this.channel = channel instanceof LocalChannel ? null : channel;
        this.remote = normalize(remote);
    }

    public FilePath(@NonNull File localPath) {
        this.channel = null;
        this.remote = normalize(localPath.getPath());
    }

    public FilePath(@NonNull FilePath base, @NonNull String rel) {
        this.channel = base.channel;
        this.remote = normalize(resolvePath(base.remote, rel));
    }

    private static boolean isAbsolute(@NonNull String rel) {
        return rel.startsWith("/") || rel.startsWith("\\") || rel.matches("^[A-Za-z]:[\\\\/].*") || rel.startsWith("\\\\");
    }

    private static String resolvePath(String base, String rel) {
        if (isAbsolute(rel)) {
            return rel;
        }
        boolean windows = base.indexOf('\\') >= 0 && base.indexOf('/') < 0;
        String sep = windows ? "\\" : "/";
        if (base.endsWith("/") || base.endsWith("\\")) {
            return base + rel;
        }
        return base + sep + rel;
    }

    /** Collapses {@code .} and {@code ..} segments and duplicate separators. */
    public static String normalize(@NonNull String path) {
        boolean windows = path.indexOf('\\') >= 0 && path.indexOf('/') < 0;
        char sep = windows ? '\\' : '/';
        String p = path.replace('\\', '/');
        String prefix = "";
        if (p.matches("^[A-Za-z]:/.*")) {
            prefix = p.substring(0, 3);
            p = p.substring(3);
        } else if (p.startsWith("/")) {
            prefix = "/";
            p = p.substring(1);
        }
        List<String> out = new ArrayList<>();
        for (String seg : p.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..") && !out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                out.remove(out.size() - 1);
            } else {
                out.add(seg);
            }
        }
        String r = prefix + String.join("/", out);
        if (r.isEmpty()) {
            r = ".";
        }
        return windows ? r.replace('/', sep) : r;
    }

    public String getRemote() {
        return remote;
    }

    /**
     * Code run on the machine where the file is. A typical implementation extends
     * {@code jenkins.MasterToSlaveFileCallable}.
     */
    public interface FileCallable<T> extends Serializable, RoleSensitive {
        T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
    }

    /** A file operation of this stand-in, run through {@link #act(FileCallable)}. */
    private interface Op<T> extends ControllerToAgentFileCallable<T> {}

    private <T> T op(Op<T> op) throws IOException, InterruptedException {
        return act(op);
    }

    /** Runs {@code callable} where the file is (in this JVM for a local path). */
    public <T> T act(final FileCallable<T> callable) throws IOException, InterruptedException {
        if (channel != null) {
            final String path = remote;
            return channel.call(new ActOnRemote<>(callable, path));
        }
        return callable.invoke(new File(remote), localChannel);
    }

    private static final class ActOnRemote<T> implements Callable<T, IOException> {
        private static final long serialVersionUID = 1L;
        private final FileCallable<T> callable;
        private final String path;

        ActOnRemote(FileCallable<T> callable, String path) {
            this.callable = callable;
            this.path = path;
        }

        @Override
        public T call() throws IOException {
            try {
                return callable.invoke(new File(path), localChannel);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        @Override
        public void checkRoles(org.jenkinsci.remoting.RoleChecker checker) throws SecurityException {
            callable.checkRoles(checker);
        }
    }

    /** Runs {@code callable} on the machine of this path. */
    public <V, E extends Throwable> V act(Callable<V, E> callable) throws IOException, InterruptedException, E {
        if (channel != null) {
            return channel.call(callable);
        }
        return callable.call();
    }

    public URI toURI() throws IOException, InterruptedException {
        return op((f, c) -> f.toURI());
    }

    public void mkdirs() throws IOException, InterruptedException {
        op((f, c) -> {
            Files.createDirectories(f.toPath());
            return null;
        });
    }

    public void deleteRecursive() throws IOException, InterruptedException {
        op((f, c) -> {
            deleteRecursive(f.toPath());
            return null;
        });
    }

    public void deleteContents() throws IOException, InterruptedException {
        op((f, c) -> {
            File[] children = f.listFiles();
            if (children != null) {
                for (File child : children) {
                    deleteRecursive(child.toPath());
                }
            }
            return null;
        });
    }

    private static void deleteRecursive(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    public String getBaseName() {
        String n = getName();
        int idx = n.lastIndexOf('.');
        return idx < 0 ? n : n.substring(0, idx);
    }

    public String getName() {
        String r = remote;
        int idx = Math.max(r.lastIndexOf('/'), r.lastIndexOf('\\'));
        return r.substring(idx + 1);
    }

    public FilePath sibling(String rel) {
        return getParent().child(rel);
    }

    public FilePath withSuffix(String suffix) {
        return new FilePath(channel, remote + suffix);
    }

    public @NonNull FilePath child(String relOrAbsolute) {
        return new FilePath(this, relOrAbsolute);
    }

    /** The parent directory, {@code null} for a root. */
    public FilePath getParent() {
        int idx = Math.max(remote.lastIndexOf('/'), remote.lastIndexOf('\\'));
        if (idx < 0 || (idx == 0 && remote.length() == 1)) {
            return null;
        }
        if (idx == 0) {
            return new FilePath(channel, remote.substring(0, 1));
        }
        if (idx == 2 && remote.charAt(1) == ':') {
            return new FilePath(channel, remote.substring(0, 3));
        }
        return new FilePath(channel, remote.substring(0, idx));
    }

    public FilePath absolutize() throws IOException, InterruptedException {
        return new FilePath(channel, op((f, c) -> f.getAbsolutePath()));
    }

    public FilePath createTempFile(final String prefix, final String suffix) throws IOException, InterruptedException {
        String path = op((f, c) -> {
            Files.createDirectories(f.toPath());
            return Files.createTempFile(f.toPath(), prefix, suffix).toString();
        });
        return new FilePath(channel, path);
    }

    public FilePath createTextTempFile(final String prefix, final String suffix, final String contents)
            throws IOException, InterruptedException {
        return createTextTempFile(prefix, suffix, contents, true);
    }

    public FilePath createTextTempFile(
            final String prefix, final String suffix, final String contents, final boolean inThisDirectory)
            throws IOException, InterruptedException {
        String path = op((f, c) -> {
            Path dir = inThisDirectory ? f.toPath() : Path.of(System.getProperty("java.io.tmpdir"));
            Files.createDirectories(dir);
            Path t = Files.createTempFile(dir, prefix, suffix);
            Files.writeString(t, contents, Charset.defaultCharset());
            return t.toString();
        });
        return new FilePath(channel, path);
    }

    public FilePath createTempDir(final String prefix, final String suffix) throws IOException, InterruptedException {
        String path = op((f, c) -> {
            Files.createDirectories(f.toPath());
            return Files.createTempDirectory(f.toPath(), prefix + (suffix == null ? "" : suffix)).toString();
        });
        return new FilePath(channel, path);
    }

    public boolean delete() throws IOException, InterruptedException {
        op((f, c) -> {
            try {
                Files.deleteIfExists(f.toPath());
            } catch (DirectoryNotEmptyException e) {
                throw new IOException("Unable to delete " + f + ": the directory is not empty", e);
            }
            return null;
        });
        return true;
    }

    public boolean exists() throws IOException, InterruptedException {
        return op((f, c) -> f.exists());
    }

    public long lastModified() throws IOException, InterruptedException {
        return op((f, c) -> f.lastModified());
    }

    public void touch(final long timestamp) throws IOException, InterruptedException {
        op((f, c) -> {
            if (!f.exists()) {
                Files.createFile(f.toPath());
            }
            Files.setLastModifiedTime(f.toPath(), FileTime.fromMillis(timestamp));
            return null;
        });
    }

    public boolean isDirectory() throws IOException, InterruptedException {
        return op((f, c) -> f.isDirectory());
    }

    public long length() throws IOException, InterruptedException {
        return op((f, c) -> f.length());
    }

    /** Sets the Unix permission bits (e.g. {@code 0755}); a no-op where POSIX permissions are not supported. */
    public void chmod(final int mask) throws IOException, InterruptedException {
        op((f, c) -> {
            Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
            PosixFilePermission[] order = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
            };
            for (int i = 0; i < order.length; i++) {
                if ((mask & (1 << i)) != 0) {
                    perms.add(order[i]);
                }
            }
            try {
                Files.setPosixFilePermissions(f.toPath(), perms);
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            return null;
        });
    }

    /** The Unix permission bits, {@code -1} where unsupported. */
    public int mode() throws IOException, InterruptedException {
        return op((f, c) -> {
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f.toPath());
                int m = 0;
                for (PosixFilePermission p : perms) {
                    m |= 1 << (8 - p.ordinal());
                }
                return m;
            } catch (UnsupportedOperationException e) {
                return -1;
            }
        });
    }

    /** The children of this directory, {@code null} if it is not a directory. */
    public List<FilePath> list() throws IOException, InterruptedException {
        return list((FileFilter) null);
    }

    public List<FilePath> listDirectories() throws IOException, InterruptedException {
        return list(File::isDirectory);
    }

    public List<FilePath> list(final FileFilter filter) throws IOException, InterruptedException {
        List<String> names = op((f, c) -> {
            File[] children = filter == null ? f.listFiles() : f.listFiles(filter);
            if (children == null) {
                return null;
            }
            List<String> r = new ArrayList<>();
            for (File child : children) {
                r.add(child.getName());
            }
            r.sort(null);
            return r;
        });
        if (names == null) {
            return null;
        }
        List<FilePath> r = new ArrayList<>();
        for (String n : names) {
            r.add(child(n));
        }
        return r;
    }

    /** The files (not directories) under this directory matching the Ant-style {@code includes}. */
    public FilePath[] list(final String includes) throws IOException, InterruptedException {
        return list(includes, null);
    }

    public FilePath[] list(final String includes, final String excludes) throws IOException, InterruptedException {
        return list(includes, excludes, true);
    }

    public FilePath[] list(final String includes, final String excludes, final boolean defaultExcludes)
            throws IOException, InterruptedException {
        List<String> rel = op((f, c) -> scan(f, includes, excludes, defaultExcludes));
        FilePath[] r = new FilePath[rel.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = child(rel.get(i));
        }
        return r;
    }

    private static final String[] DEFAULT_EXCLUDES = {
        "**/*~", "**/#*#", "**/.#*", "**/%*%", "**/._*", "**/CVS", "**/CVS/**", "**/.cvsignore", "**/.svn",
        "**/.svn/**", "**/.git", "**/.git/**", "**/.gitattributes", "**/.gitignore", "**/.gitmodules", "**/.hg",
        "**/.hg/**", "**/.bzr", "**/.bzr/**", "**/.DS_Store"
    };

    /** Relative paths ({@code /}-separated, sorted) of the files under {@code dir} matching the masks. */
    static List<String> scan(File dir, String includes, String excludes, boolean defaultExcludes) throws IOException {
        List<Pattern> inc = compileMasks(includes == null || includes.isBlank() ? "**" : includes);
        List<Pattern> exc = compileMasks(excludes == null ? "" : excludes);
        if (defaultExcludes) {
            exc.addAll(compileMasks(String.join(",", DEFAULT_EXCLUDES)));
        }
        List<String> r = new ArrayList<>();
        if (!dir.isDirectory()) {
            return r;
        }
        Path base = dir.toPath();
        try (Stream<Path> s = Files.walk(base)) {
            s.filter(Files::isRegularFile).forEach(p -> {
                String rel = base.relativize(p).toString().replace(File.separatorChar, '/');
                if (matchesAny(inc, rel) && !matchesAny(exc, rel)) {
                    r.add(rel);
                }
            });
        }
        r.sort(null);
        return r;
    }

    private static boolean matchesAny(List<Pattern> patterns, String rel) {
        for (Pattern p : patterns) {
            if (p.matcher(rel).matches()) {
                return true;
            }
        }
        return false;
    }

    private static List<Pattern> compileMasks(String masks) {
        List<Pattern> r = new ArrayList<>();
        for (String m : masks.split("[,\\s]+")) {
            String mask = m.trim().replace('\\', '/');
            if (mask.isEmpty()) {
                continue;
            }
            if (mask.endsWith("/")) {
                mask = mask + "**";
            }
            r.add(Pattern.compile(antToRegex(mask)));
        }
        return r;
    }

    private static String antToRegex(String mask) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < mask.length()) {
            char ch = mask.charAt(i);
            if (mask.startsWith("**/", i)) {
                sb.append("(?:.*/)?");
                i += 3;
            } else if (mask.startsWith("/**", i) && i + 3 == mask.length()) {
                sb.append("(?:/.*)?");
                i += 3;
            } else if (mask.startsWith("**", i)) {
                sb.append(".*");
                i += 2;
            } else if (ch == '*') {
                sb.append("[^/]*");
                i++;
            } else if (ch == '?') {
                sb.append("[^/]");
                i++;
            } else {
                sb.append(Pattern.quote(String.valueOf(ch)));
                i++;
            }
        }
        return sb.toString();
    }

    /** Opens the file for reading; a remote file's content comes over the channel (whole, in this stand-in). */
    public InputStream read() throws IOException, InterruptedException {
        if (channel != null) {
            byte[] content = op((f, c) -> Files.readAllBytes(f.toPath()));
            return new java.io.ByteArrayInputStream(content);
        }
        return Files.newInputStream(new File(remote).toPath());
    }

    public String readToString() throws IOException, InterruptedException {
        return op((f, c) -> Files.readString(f.toPath(), Charset.defaultCharset()));
    }

    /** Opens the file for writing, creating parent directories, truncating it. */
    public OutputStream write() throws IOException, InterruptedException {
        if (channel != null) {
            // what is written goes over the channel when the stream is closed (whole, in this stand-in)
            return new java.io.ByteArrayOutputStream() {
                private boolean closed;

                @Override
                public void close() throws IOException {
                    if (closed) {
                        return;
                    }
                    closed = true;
                    final byte[] content = toByteArray();
                    try {
                        op((f, c) -> {
                            Path parent = f.toPath().toAbsolutePath().getParent();
                            if (parent != null) {
                                Files.createDirectories(parent);
                            }
                            Files.write(f.toPath(), content);
                            return null;
                        });
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                }
            };
        }
        Path p = new File(remote).toPath();
        Path parent = p.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return Files.newOutputStream(p);
    }

    public void write(final String content, final String encoding) throws IOException, InterruptedException {
        op((f, c) -> {
            Path parent = f.toPath().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(f.toPath(), content, encoding == null ? Charset.defaultCharset() : Charset.forName(encoding));
            return null;
        });
    }

    /** Hex MD5 of the file content, as Jenkins computes it. */
    public String digest() throws IOException, InterruptedException {
        return op((f, c) -> {
            try {
                MessageDigest md5 = MessageDigest.getInstance("MD5");
                try (InputStream in = Files.newInputStream(f.toPath())) {
                    byte[] buf = new byte[8192];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        md5.update(buf, 0, n);
                    }
                }
                return HexFormat.of().formatHex(md5.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IOException(e);
            }
        });
    }

    public void renameTo(final FilePath target) throws IOException, InterruptedException {
        requireSameMachine(target);
        final String to = target.remote;
        op((f, c) -> {
            Files.move(f.toPath(), Path.of(to), StandardCopyOption.REPLACE_EXISTING);
            return null;
        });
    }

    public void moveAllChildrenTo(final FilePath target) throws IOException, InterruptedException {
        requireSameMachine(target);
        final String to = target.remote;
        op((f, c) -> {
            File[] children = f.listFiles();
            if (children != null) {
                Files.createDirectories(Path.of(to));
                for (File child : children) {
                    Files.move(child.toPath(), Path.of(to, child.getName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.deleteIfExists(f.toPath());
            return null;
        });
    }

    private void requireSameMachine(FilePath target) throws IOException {
        if (target.channel != channel) {
            throw new IOException("renameTo target must be on the same host");
        }
    }

    public void copyFrom(URL url) throws IOException, InterruptedException {
        try (InputStream in = url.openStream()) {
            copyFrom(in);
        }
    }

    public void copyFrom(InputStream in) throws IOException, InterruptedException {
        try (OutputStream os = write()) {
            in.transferTo(os);
        }
    }

    public void copyFrom(FilePath src) throws IOException, InterruptedException {
        src.copyTo(this);
    }

    public void copyTo(FilePath target) throws IOException, InterruptedException {
        try (OutputStream out = target.write()) {
            copyTo(out);
        }
    }

    public void copyTo(OutputStream os) throws IOException, InterruptedException {
        try (InputStream in = read()) {
            in.transferTo(os);
        }
        os.flush();
    }

    public int copyRecursiveTo(FilePath target) throws IOException, InterruptedException {
        return copyRecursiveTo("**/*", target);
    }

    public int copyRecursiveTo(String fileMask, FilePath target) throws IOException, InterruptedException {
        return copyRecursiveTo(fileMask, null, target);
    }

    /** Copies the files matching the masks into {@code target}, keeping relative paths; returns how many. */
    public int copyRecursiveTo(final String fileMask, final String excludes, final FilePath target)
            throws IOException, InterruptedException {
        List<String> rel = op((f, c) -> scan(f, fileMask, excludes, true));
        for (String r : rel) {
            child(r).copyTo(target.child(r));
        }
        return rel.size();
    }

    public @CheckForNull VirtualChannel getChannel() {
        if (channel != null) {
            return channel;
        }
        return localChannel;
    }

    public boolean isRemote() {
        return channel != null;
    }

    @Override
    public String toString() {
        return remote;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FilePath)) {
            return false;
        }
        FilePath that = (FilePath) o;
        return java.util.Objects.equals(channel, that.channel) && remote.equals(that.remote);
    }

    @Override
    public int hashCode() {
        return 31 * (channel != null ? channel.hashCode() : 0) + remote.hashCode();
    }

    private static final ExecutorService threadPoolForRemoting = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "FilePath.localChannel");
        t.setDaemon(true);
        return t;
    });

    /** The channel of the controller's own file system. */
    public static final LocalChannel localChannel = new LocalChannel(threadPoolForRemoting);
}
