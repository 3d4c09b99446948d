package io.jenkins.plugins.modelarts;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import java.io.IOException;
import java.util.regex.Pattern;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A Kubernetes cluster jobs can run on: its API server, credentials (a kubeconfig secret file, a token secret
 * text or a client certificate), the CA that signed the API server's certificate, default namespace, kubeconfig
 * context, and whether this one connection skips TLS verification.
 */
public class KubernetesCluster implements Describable<KubernetesCluster> {

    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final String name;
    private String serverUrl;
    private String credentialsId;
    private String namespace;
    private boolean skipTlsVerify;
    private String context;
    /** Folder patterns whose jobs may use it, one per line; null: every job. */
    private String allowedFolders;
    private String serverCertificate;

    @DataBoundConstructor
    public KubernetesCluster(String name) {
        this.name = Util.fixEmptyAndTrim(name);
    }

    public String getName() {
        return name;
    }

    public String getServerUrl() {
        return serverUrl;
    }

    @DataBoundSetter
    public void setServerUrl(String serverUrl) {
        this.serverUrl = Util.fixEmptyAndTrim(serverUrl);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    public String getNamespace() {
        return namespace;
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = Util.fixEmptyAndTrim(namespace);
    }

    public boolean isSkipTlsVerify() {
        return skipTlsVerify;
    }

    @DataBoundSetter
    public void setSkipTlsVerify(boolean skipTlsVerify) {
        this.skipTlsVerify = skipTlsVerify;
    }

    public String getContext() {
        return context;
    }

    @DataBoundSetter
    public void setContext(String context) {
        this.context = Util.fixEmptyAndTrim(context);
    }

    public String getAllowedFolders() {
        return allowedFolders;
    }

    /** Folder patterns, one per line, whose jobs may use this cluster; empty: every job ({@link FolderRestrictions}). */
    @DataBoundSetter
    public void setAllowedFolders(String allowedFolders) {
        this.allowedFolders = FolderRestrictions.normalize(allowedFolders);
    }

    FolderRestrictions folderRestrictions() {
        return FolderRestrictions.parse(allowedFolders);
    }

    /** PEM certificate(s) of the CA that signed the API server's certificate (not secret); null: the JVM's trust store. */
    public String getServerCertificate() {
        return serverCertificate;
    }

    @DataBoundSetter
    public void setServerCertificate(String serverCertificate) {
        this.serverCertificate = Util.fixEmptyAndTrim(serverCertificate);
    }

    /** The authentication of this cluster's credentials, resolved by the caller. */
    static ClusterAuth auth(StandardCredentials c) throws IOException {
        if (c instanceof StandardCertificateCredentials cert) {
            return ClientCertificates.auth(cert);
        }
        if (c instanceof FileCredentials f) {
            try (var in = f.getContent()) {
                return ClusterAuth.kubeconfig(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        if (c instanceof StringCredentials s) {
            return ClusterAuth.token(s.getSecret().getPlainText());
        }
        return null;
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<KubernetesCluster> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.KubernetesCluster_DisplayName();
        }

        public FormValidation doCheckName(@QueryParameter String value) {
            return Util.fixEmptyAndTrim(value) == null ? FormValidation.error(Messages.KubernetesCluster_Name_Required())
                    : FormValidation.ok();
        }

        public FormValidation doCheckServerUrl(@QueryParameter String value) {
            String v = Util.fixEmptyAndTrim(value);
            if (v == null || v.matches("https?://[^\\s/]+(/.*)?")) {
                return FormValidation.ok();
            }
            return FormValidation.error(Messages.KubernetesCluster_ServerUrl_Invalid());
        }

        public FormValidation doCheckNamespace(@QueryParameter String value) {
            String v = Util.fixEmptyAndTrim(value);
            return v == null || DNS_LABEL.matcher(v).matches() ? FormValidation.ok()
                    : FormValidation.error(Messages.KubernetesCluster_Namespace_Invalid());
        }

        public FormValidation doCheckAllowedFolders(@QueryParameter String value) {
            return FolderRestrictions.formCheck(value);
        }

        public FormValidation doCheckSkipTlsVerify(@QueryParameter boolean value) {
            return value ? FormValidation.warning(Messages.KubernetesCluster_SkipTlsVerify_Warning()) : FormValidation.ok();
        }

        public FormValidation doCheckServerCertificate(@QueryParameter String value) {
            String v = Util.fixEmptyAndTrim(value);
            if (v == null) {
                return FormValidation.ok();
            }
            try {
                ClientCertificates.checkCertificates(v);
                return FormValidation.ok();
            } catch (java.security.cert.CertificateException e) {
                return FormValidation.error(Messages.KubernetesCluster_ServerCertificate_Invalid(e.getMessage()));
            }
        }

        /** Kubeconfig files, tokens and client certificates; see {@link CredentialsSupport#fill}. */
        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return CredentialsSupport.fill(item, credentialsId, CredentialsMatchers.anyOf(
                    CredentialsMatchers.instanceOf(FileCredentials.class), CredentialsMatchers.instanceOf(StringCredentials.class),
                    CredentialsMatchers.instanceOf(StandardCertificateCredentials.class)));
        }

        /**
         * Connects with the given settings and lists Jobs in the namespace. Uses credentials and the network, so it is
         * POST and needs Overall/Administer (the clusters are part of the global configuration).
         */
        @POST
        public FormValidation doTestConnection(@QueryParameter String name, @QueryParameter String serverUrl,
                                               @QueryParameter String credentialsId, @QueryParameter String namespace,
                                               @QueryParameter boolean skipTlsVerify, @QueryParameter String context,
                                               @QueryParameter String serverCertificate) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            KubernetesCluster cluster = new KubernetesCluster(name == null || name.isBlank() ? "test" : name);
            cluster.setServerUrl(serverUrl);
            cluster.setCredentialsId(credentialsId);
            cluster.setNamespace(namespace);
            cluster.setSkipTlsVerify(skipTlsVerify);
            cluster.setContext(context);
            cluster.setServerCertificate(serverCertificate);
            ClusterAuth auth = ClusterAuth.NONE;
            try {
                if (cluster.getCredentialsId() != null) {
                    StandardCredentials c = CredentialsSupport.forController(cluster.getCredentialsId(), StandardCredentials.class);
                    if (c == null) {
                        return FormValidation.error(Messages.KubernetesCluster_Credentials_NotFound(cluster.getCredentialsId()));
                    }
                    auth = auth(c);
                    if (auth == null) {
                        return FormValidation.error(Messages.KubernetesCluster_Credentials_WrongType(cluster.getCredentialsId()));
                    }
                }
                try (KubernetesClient client = ClientCache.clientFactory.create(cluster, auth)) {
                    VersionInfo version = client.getKubernetesVersion();
                    String ns = client.getNamespace() == null ? "default" : client.getNamespace();
                    client.batch().v1().jobs().inNamespace(ns).list(new ListOptionsBuilder().withLimit(1L).build());
                    return FormValidation.ok(Messages.KubernetesCluster_Connected(
                            version == null ? "?" : version.getMajor() + "." + version.getMinor(), ns));
                }
            } catch (Exception e) {
                String secret = auth.material;
                String message = String.valueOf(e.getMessage());
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                if (root != e) {
                    // fabric8 wraps TLS and connection failures in "An error has occurred."; the cause says which
                    message += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
                }
                if (secret != null && !secret.isEmpty()) {
                    message = message.replace(secret, "****");
                }
                return FormValidation.error(Messages.KubernetesCluster_ConnectionFailed(message));
            }
        }
    }
}
