package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Set;
import jenkins.model.Jenkins;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Stand-in for {@code hudson.model.User}: a user known to Jenkins, kept under {@code JENKINS_HOME/users/<id>/}, so
 * users survive a restart as in Jenkins.
 *
 * <p>Stand-in behaviour: there is no security realm, so {@link #impersonate2()} gives what Jenkins gives for a user
 * the realm cannot look up ("legitimate but unknown"): the user's name with the {@code authenticated} authority only;
 * permissions then come from the authorization strategy, by name.
 */
public class User implements Saveable, Comparable<User> {
    /** One object per user and Jenkins instance, as Jenkins keeps them. */
    private static final java.util.Map<Jenkins, java.util.Map<String, User>> USERS = new java.util.WeakHashMap<>();

    private final String id;

    private User(String id) {
        this.id = id;
    }

    public String getId() {
        return id;
    }

    public @NonNull String getFullName() {
        return id;
    }

    /** The user {@code id}; created (and saved) when {@code create}, else {@code null} if Jenkins has no such user. */
    public static @Nullable User getById(String id, boolean create) {
        if (id == null) {
            return null;
        }
        File dir = new File(new File(Jenkins.get().getRootDir(), "users"), id.replaceAll("[^A-Za-z0-9_.-]", "_"));
        if (!dir.isDirectory() && !create) {
            return null;
        }
        User u;
        synchronized (USERS) {
            u = USERS.computeIfAbsent(Jenkins.get(), j -> new java.util.HashMap<>()).computeIfAbsent(id, User::new);
        }
        if (!dir.isDirectory()) {
            try {
                u.save();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return u;
    }

    /** The user of the current thread's authentication; {@code null} for anonymous and SYSTEM. */
    public static @CheckForNull User current() {
        Authentication a = Jenkins.getAuthentication2();
        if (a == null || Jenkins.ANONYMOUS2.equals(a) || "SYSTEM".equals(a.getName())) {
            return null;
        }
        return getById(a.getName(), true);
    }

    /** An authentication that represents this user, as Jenkins' {@code impersonate2()} makes it. */
    public @NonNull Authentication impersonate2() {
        return new UsernamePasswordAuthenticationToken(id, "", Set.of(new SimpleGrantedAuthority("authenticated")));
    }

    @Override
    public synchronized void save() throws IOException {
        File dir = new File(new File(Jenkins.get().getRootDir(), "users"), id.replaceAll("[^A-Za-z0-9_.-]", "_"));
        Files.createDirectories(dir.toPath());
        Files.writeString(new File(dir, "config.xml").toPath(), "<user><id>" + id + "</id></user>\n", StandardCharsets.UTF_8);
    }

    @Override
    public int compareTo(User o) {
        return id.compareTo(o.id);
    }

    @Override
    public String toString() {
        return id;
    }
}
