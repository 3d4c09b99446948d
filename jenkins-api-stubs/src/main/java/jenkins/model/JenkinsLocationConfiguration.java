package jenkins.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import org.jenkinsci.Symbol;

/** Stand-in for {@code jenkins.model.JenkinsLocationConfiguration}: the Jenkins URL and administrator address. */
@Extension(ordinal = 200)
@Symbol("location")
public class JenkinsLocationConfiguration extends GlobalConfiguration {
    private volatile String jenkinsUrl;
    private volatile String adminAddress;

    public JenkinsLocationConfiguration() {}

    /** The instance of the running Jenkins (the stand-in registers it on first use: the stand-ins are not indexed). */
    public static @NonNull JenkinsLocationConfiguration get() {
        ExtensionList<JenkinsLocationConfiguration> list = ExtensionList.lookup(JenkinsLocationConfiguration.class);
        synchronized (list) {
            if (list.isEmpty()) {
                list.add(new JenkinsLocationConfiguration());
            }
        }
        return list.get(0);
    }

    public @CheckForNull String getUrl() {
        return jenkinsUrl;
    }

    public void setUrl(@CheckForNull String url) {
        String u = url == null ? null : url.trim();
        if (u != null && !u.isEmpty() && !u.endsWith("/")) {
            u += "/";
        }
        this.jenkinsUrl = u == null || u.isEmpty() ? null : u;
        save();
    }

    public @NonNull String getAdminAddress() {
        return adminAddress == null ? "address not configured yet <nobody@nowhere>" : adminAddress;
    }

    public void setAdminAddress(@CheckForNull String adminAddress) {
        this.adminAddress = adminAddress;
        save();
    }
}
