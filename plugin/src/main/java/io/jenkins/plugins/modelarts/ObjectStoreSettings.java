package io.jenkins.plugins.modelarts;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.modelarts.train.storage.ObjectStore;
import io.modelarts.train.storage.ObjectUri;
import io.modelarts.train.storage.S3Proxy;
import io.modelarts.train.storage.S3Settings;
import io.modelarts.train.storage.StorageException;
import java.util.LinkedHashMap;
import java.util.Map;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The object store behind {@code obs://} and {@code s3://} paths (OBS or any S3-compatible store): endpoint, region,
 * addressing style, the Jenkins credentials (username = access key, password = secret key, and for temporary keys a
 * secret text with the session token) the controller uses to collect outputs, and the name of the Kubernetes Secret the job's pods read their keys from.
 */
public class ObjectStoreSettings implements Describable<ObjectStoreSettings> {

    private String endpoint;
    private String region;
    private boolean pathStyle;
    private String credentialsId;
    private String sessionTokenCredentialsId;
    private String credentialsSecret;
    private String caSecret;
    private String caCertificate;
    private String proxy;
    private String noProxy;

    @DataBoundConstructor
    public ObjectStoreSettings() {
    }

    public String getEndpoint() {
        return endpoint;
    }

    @DataBoundSetter
    public void setEndpoint(String endpoint) {
        this.endpoint = Util.fixEmptyAndTrim(endpoint);
    }

    public String getRegion() {
        return region;
    }

    @DataBoundSetter
    public void setRegion(String region) {
        this.region = Util.fixEmptyAndTrim(region);
    }

    public boolean isPathStyle() {
        return pathStyle;
    }

    @DataBoundSetter
    public void setPathStyle(boolean pathStyle) {
        this.pathStyle = pathStyle;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    /** Secret text credentials with the session token of temporary keys; null for permanent keys. */
    public String getSessionTokenCredentialsId() {
        return sessionTokenCredentialsId;
    }

    @DataBoundSetter
    public void setSessionTokenCredentialsId(String sessionTokenCredentialsId) {
        this.sessionTokenCredentialsId = Util.fixEmptyAndTrim(sessionTokenCredentialsId);
    }

    public String getCredentialsSecret() {
        return credentialsSecret;
    }

    @DataBoundSetter
    public void setCredentialsSecret(String credentialsSecret) {
        this.credentialsSecret = Util.fixEmptyAndTrim(credentialsSecret);
    }

    /** Kubernetes Secret (key {@code ca.crt}) with the private CA, for the job's pods. */
    public String getCaSecret() {
        return caSecret;
    }

    @DataBoundSetter
    public void setCaSecret(String caSecret) {
        this.caSecret = Util.fixEmptyAndTrim(caSecret);
    }

    /** PEM certificates of the private CA, for the controller's own connection. */
    public String getCaCertificate() {
        return caCertificate;
    }

    @DataBoundSetter
    public void setCaCertificate(String caCertificate) {
        this.caCertificate = Util.fixEmptyAndTrim(caCertificate);
    }

    /** The controller's HTTP proxy to the store, host:port. */
    public String getProxy() {
        return proxy;
    }

    @DataBoundSetter
    public void setProxy(String proxy) {
        this.proxy = Util.fixEmptyAndTrim(proxy);
    }

    /** Hosts reached without the proxy, comma-separated. */
    public String getNoProxy() {
        return noProxy;
    }

    @DataBoundSetter
    public void setNoProxy(String noProxy) {
        this.noProxy = Util.fixEmptyAndTrim(noProxy);
    }

    /** {@code access} with this store's CA and proxy. */
    S3Access connect(S3Access access) {
        return access.connection(caCertificate, proxy, noProxy);
    }

    /** The catalog's {@code storage} mapping (no credentials in it: the pods use the named Secret). */
    Map<String, Object> toTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        Trees.put(m, "endpoint", endpoint);
        Trees.put(m, "region", region);
        m.put("pathStyle", pathStyle);
        Trees.put(m, "credentialsSecret", credentialsSecret);
        Trees.put(m, "caSecret", caSecret);
        return m;
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<ObjectStoreSettings> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.ObjectStoreSettings_DisplayName();
        }

        public FormValidation doCheckEndpoint(@QueryParameter String value) {
            return FieldChecks.checkCatalog("storage.endpoint", Map.of("storage", Map.of("endpoint", Util.fixNull(value).trim())), value);
        }

        public FormValidation doCheckCaSecret(@QueryParameter String value) {
            return doCheckCredentialsSecret(value);
        }

        public FormValidation doCheckCaCertificate(@QueryParameter String value) {
            String v = Util.fixEmptyAndTrim(value);
            try {
                S3Settings.builder().caCertificates(v).build();
                return FormValidation.ok();
            } catch (IllegalArgumentException e) {
                return FormValidation.error(e.getMessage());
            }
        }

        public FormValidation doCheckProxy(@QueryParameter String value) {
            String v = Util.fixEmptyAndTrim(value);
            try {
                if (v != null) {
                    S3Proxy.parse(v, null);
                }
                return FormValidation.ok();
            } catch (IllegalArgumentException e) {
                return FormValidation.error(e.getMessage());
            }
        }

        public FormValidation doCheckCredentialsSecret(@QueryParameter String value) {
            String v = Util.fixEmptyAndTrim(value);
            return v == null || v.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?") ? FormValidation.ok()
                    : FormValidation.error(Messages.ObjectStoreSettings_CredentialsSecret_Invalid());
        }

        /** Access key / secret key pairs; see {@link CredentialsSupport#fill}. */
        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return CredentialsSupport.fill(item, credentialsId, CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class));
        }

        /** Secret text credentials (the session token); see {@link CredentialsSupport#fill}. */
        @POST
        public ListBoxModel doFillSessionTokenCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String sessionTokenCredentialsId) {
            return CredentialsSupport.fill(item, sessionTokenCredentialsId, CredentialsMatchers.instanceOf(StringCredentials.class));
        }

        /**
         * Lists a bucket that need not exist with the given settings: an answer (objects, or "no such bucket") proves
         * the endpoint and the keys. Uses credentials and the network: POST, Overall/Administer.
         */
        @POST
        public FormValidation doTestConnection(@QueryParameter String endpoint, @QueryParameter String region,
                                               @QueryParameter boolean pathStyle, @QueryParameter String credentialsId,
                                               @QueryParameter String sessionTokenCredentialsId, @QueryParameter String caCertificate,
                                               @QueryParameter String proxy, @QueryParameter String noProxy) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            String ak = null;
            String sk = null;
            String id = Util.fixEmptyAndTrim(credentialsId);
            if (id != null) {
                StandardUsernamePasswordCredentials c = CredentialsSupport.forController(id, StandardUsernamePasswordCredentials.class);
                if (c == null) {
                    return FormValidation.error(Messages.ObjectStoreSettings_Credentials_NotFound(id));
                }
                ak = c.getUsername();
                sk = c.getPassword().getPlainText();
            }
            String token = null;
            String tokenId = Util.fixEmptyAndTrim(sessionTokenCredentialsId);
            if (tokenId != null) {
                StringCredentials t = CredentialsSupport.forController(tokenId, StringCredentials.class);
                if (t == null) {
                    return FormValidation.error(Messages.ObjectStoreSettings_Credentials_NotFound(tokenId));
                }
                if (id == null) {
                    return FormValidation.error(Messages.ObjectStoreSettings_SessionTokenWithoutKeys());
                }
                token = t.getSecret().getPlainText();
            }
            S3Access access;
            try {
                access = new S3Access(Util.fixEmptyAndTrim(endpoint), Util.fixEmptyAndTrim(region), pathStyle, ak, sk, token)
                        .connection(Util.fixEmptyAndTrim(caCertificate), Util.fixEmptyAndTrim(proxy), Util.fixEmptyAndTrim(noProxy));
                access.settings();
            } catch (IllegalArgumentException e) {
                return FormValidation.error(e.getMessage());
            }
            String probe = "obs://modelarts-train-connection-check/";
            try (ObjectStore store = access.open()) {
                store.list(ObjectUri.parse(probe));
                return FormValidation.ok(Messages.ObjectStoreSettings_Connected());
            } catch (StorageException e) {
                String message = String.valueOf(e.getMessage());
                if (message.contains("does not exist")) {
                    return FormValidation.ok(Messages.ObjectStoreSettings_Connected());
                }
                return FormValidation.error(Messages.ObjectStoreSettings_ConnectionFailed(S3Access.mask(message, sk, token)));
            } catch (RuntimeException e) {
                String message = String.valueOf(e.getMessage());
                return FormValidation.error(Messages.ObjectStoreSettings_ConnectionFailed(S3Access.mask(message, sk, token)));
            }
        }
    }
}
