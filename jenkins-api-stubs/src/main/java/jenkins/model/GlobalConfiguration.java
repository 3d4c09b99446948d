package jenkins.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionList;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * Stand-in for {@code jenkins.model.GlobalConfiguration}: a section of "Manage Jenkins > System"; the instance
 * is both the descriptor and the configuration. Get it with {@code ExtensionList.lookupSingleton(X.class)}.
 */
public abstract class GlobalConfiguration extends Descriptor<GlobalConfiguration>
        implements ExtensionPoint, Describable<GlobalConfiguration> {
    @SuppressWarnings("unchecked")
    protected GlobalConfiguration() {
        super(self());
    }

    @Override
    public final Descriptor<GlobalConfiguration> getDescriptor() {
        return this;
    }

    @Override
    public String getGlobalConfigPage() {
        return getConfigPage();
    }

    /** Binds the submitted section onto this object, as Jenkins does: {@code req.bindJSON(this, json)}. */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        req.bindJSON(this, json);
        return true;
    }

    public static @NonNull ExtensionList<GlobalConfiguration> all() {
        return Jenkins.get().getExtensionList(GlobalConfiguration.class);
    }
}
