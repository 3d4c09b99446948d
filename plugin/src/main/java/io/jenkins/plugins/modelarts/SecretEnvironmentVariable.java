package io.jenkins.plugins.modelarts;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;

/**
 * One entry of {@code secretEnvironment}: an environment variable of the training container whose value comes from a
 * key of a Kubernetes Secret ({@code <secret name>/<key>}, rendered as {@code secretKeyRef}). Only the reference is
 * kept; the value stays in the cluster, so Jenkins never sees it. In Pipeline either
 * {@code [[name: 'HF_TOKEN', secret: 'hf-secret/token']]} or {@code [HF_TOKEN: 'hf-secret/token']}.
 */
public class SecretEnvironmentVariable implements Describable<SecretEnvironmentVariable> {

    private final String name;
    private final String secret;

    @DataBoundConstructor
    public SecretEnvironmentVariable(String name, String secret) {
        this.name = name == null ? null : name.trim();
        this.secret = secret == null ? "" : secret.trim();
    }

    public String getName() {
        return name;
    }

    /** {@code <secret name>/<key>}. */
    public String getSecret() {
        return secret;
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<SecretEnvironmentVariable> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.SecretEnvironmentVariable_DisplayName();
        }

        public FormValidation doCheckName(@QueryParameter String value) {
            String name = Util.fixNull(value).trim();
            return FieldChecks.check("secretEnvironment." + name, Map.of("secretEnvironment", Map.of(name, "check/key")), name);
        }

        public FormValidation doCheckSecret(@QueryParameter String value) {
            String ref = Util.fixNull(value).trim();
            return FieldChecks.check("secretEnvironment.CHECK", Map.of("secretEnvironment", Map.of("CHECK", ref)), ref);
        }
    }
}
