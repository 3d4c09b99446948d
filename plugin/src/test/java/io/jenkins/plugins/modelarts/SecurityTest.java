package io.jenkins.plugins.modelarts;

import io.jenkins.plugins.testsupport.JenkinsSessions;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.Extension;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.verb.POST;
import org.springframework.security.access.AccessDeniedException;

/** Form endpoints that touch credentials, the network or the configuration are POST and check permissions. */
@SuppressWarnings("try")
class SecurityTest {
    @RegisterExtension
    final JenkinsSessions sessions = new JenkinsSessions();


    TestJenkins.FakeJob job;

    @BeforeEach
    void setUp() throws Exception {
        TestJenkins.configure("ml-train");
        TestJenkins.addToken("k8s-token", "t0ken-value");
        TestJenkins.addKeys("s3-keys", "AKIA-access", "s3cr3t-key");
        job = TestJenkins.job("secured");
        // admin: everything; dev: configures jobs; reader: nothing
        TestJenkins.permissions((a, p) -> a.getName().equals("admin")
                || a.getName().equals("dev") && (p == Item.CONFIGURE || p == Item.EXTENDED_READ));
    }


    static List<String> values(ListBoxModel m) {
        List<String> v = new ArrayList<>();
        m.forEach(o -> v.add(o.value));
        return v;
    }

    @Test
    void credentialDropDownsDoNotEnumerateForUsersWithoutRights() {
        KubernetesCluster.DescriptorImpl cluster = new KubernetesCluster.DescriptorImpl();
        ObjectStoreSettings.DescriptorImpl store = new ObjectStoreSettings.DescriptorImpl();
        try (ACLContext c = ACL.as2(TestJenkins.user("reader"))) {
            assertThat(values(cluster.doFillCredentialsIdItems(null, "current-id"))).containsExactly("current-id");
            assertThat(values(store.doFillCredentialsIdItems(null, "mine"))).containsExactly("mine");
            assertThat(values(cluster.doFillCredentialsIdItems(job, "x"))).containsExactly("x");
        }
        try (ACLContext c = ACL.as2(TestJenkins.user("admin"))) {
            assertThat(values(cluster.doFillCredentialsIdItems(null, ""))).contains("", "k8s-token").doesNotContain("s3-keys");
            assertThat(values(store.doFillCredentialsIdItems(null, ""))).contains("", "s3-keys").doesNotContain("k8s-token");
        }
    }

    @Test
    void connectionTestsNeedAdminister() {
        KubernetesCluster.DescriptorImpl cluster = new KubernetesCluster.DescriptorImpl();
        ObjectStoreSettings.DescriptorImpl store = new ObjectStoreSettings.DescriptorImpl();
        try (ACLContext c = ACL.as2(TestJenkins.user("dev"))) {
            assertThatThrownBy(() -> cluster.doTestConnection("c", "https://attacker.example.com", "k8s-token", null, false, null, null))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> store.doTestConnection("https://attacker.example.com", null, false, "s3-keys", null, null, null, null))
                    .isInstanceOf(AccessDeniedException.class);
        }
        try (ACLContext c = ACL.as2(TestJenkins.user("admin"))) {
            FormValidation missing = cluster.doTestConnection("c", "https://k8s.example.com", "no-such-id", null, false, null, null);
            assertThat(missing.kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(missing.getMessage()).contains("no-such-id");
        }
    }

    @Test
    void clusterAndPoolListsNeedConfigurePermission() {
        ModelArtsTrainStep.DescriptorImpl step = new ModelArtsTrainStep.DescriptorImpl();
        ModelArtsTrainBuilder.DescriptorImpl builder = new ModelArtsTrainBuilder.DescriptorImpl();
        TrainResources.DescriptorImpl resources = new TrainResources.DescriptorImpl();
        try (ACLContext c = ACL.as2(TestJenkins.user("reader"))) {
            assertThat(values(step.doFillClusterItems(job, "kept"))).containsExactly("", "kept");
            assertThat(values(builder.doFillClusterItems(job, null))).containsExactly("");
            assertThat(values(resources.doFillPoolItems(job, null))).containsExactly("");
        }
        try (ACLContext c = ACL.as2(TestJenkins.user("dev"))) {
            assertThat(values(step.doFillClusterItems(job, null))).containsExactly("", "test");
            assertThat(values(resources.doFillPoolItems(job, null))).containsExactly("", "pool");
        }
    }

    @Test
    void cheapChecksUseTheCoreValidatorWithoutPermissions() {
        try (ACLContext c = ACL.as2(TestJenkins.user("reader"))) {
            ModelArtsTrainStep.DescriptorImpl step = new ModelArtsTrainStep.DescriptorImpl();
            assertThat(step.doCheckName("good_name-1").kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(step.doCheckName("bad name!").kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(step.doCheckAutoStop("2h").kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(step.doCheckAutoStop("99h").getMessage()).contains("72");
            assertThat(step.doCheckAutoRestart("4").kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(step.doCheckPriority("2").kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(new Hyperparameter.DescriptorImpl().doCheckName("bad name").kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(new Hyperparameter.DescriptorImpl().doCheckName("lr").kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(new EnvironmentVariable.DescriptorImpl().doCheckName("1BAD").kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(new TrainAlgorithm.DescriptorImpl().doCheckUserId("70000").kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(new PoolFlavor.DescriptorImpl().doCheckMemory("lots").kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(new PoolFlavor.DescriptorImpl().doCheckMemory("64Gi").kind).isEqualTo(FormValidation.Kind.OK);
        }
    }

    /** Every endpoint that takes a credentials id, tests a connection or lists configuration is POST (a GET gets 404). */
    @Test
    void sensitiveEndpointsArePost() throws Exception {
        List<Class<?>> descriptors = new ArrayList<>();
        for (Class<?> c : FormsTest.DESCRIBABLES) {
            for (Class<?> inner : c.getDeclaredClasses()) {
                if (inner.isAnnotationPresent(Extension.class)) {
                    descriptors.add(inner);
                }
            }
            if (c.isAnnotationPresent(Extension.class)) {
                descriptors.add(c);
            }
        }
        List<String> sensitive = new ArrayList<>();
        for (Class<?> d : descriptors) {
            for (Method m : d.getDeclaredMethods()) {
                if (!m.getName().startsWith("do")) {
                    continue;
                }
                boolean takesCredentials = false;
                for (Parameter p : m.getParameters()) {
                    takesCredentials |= p.getName().equals("credentialsId");
                }
                boolean network = m.getName().startsWith("doTest");
                boolean config = m.getName().equals("doFillClusterItems") || m.getName().equals("doFillPoolItems");
                if (takesCredentials || network || config) {
                    sensitive.add(d.getSimpleName() + "." + m.getName());
                    assertThat(m.isAnnotationPresent(POST.class)).as("%s.%s is @POST", d.getName(), m.getName()).isTrue();
                }
            }
        }
        assertThat(sensitive).contains("DescriptorImpl.doTestConnection", "DescriptorImpl.doFillCredentialsIdItems",
                "DescriptorImpl.doFillClusterItems", "DescriptorImpl.doFillPoolItems");
        assertThat(sensitive).hasSizeGreaterThanOrEqualTo(7);
    }

    @Test
    void priorityThreeNeedsTheHighestPriorityPermissionOfTheBuild() throws Exception {
        TestJenkins.FakeRun run = new TestJenkins.FakeRun(job);
        TestJenkins.permissions((a, p) -> a.getName().equals("lead") && p == ModelArtsPermissions.HIGHEST_JOB_PRIORITY);
        Map<String, Object> args = StepExecutionTest.job("urgent");
        args.put("priority", "3");
        ModelArtsTrainStep step = TestBinder.bind(ModelArtsTrainStep.class, args);
        StepRequest req = step.parameters().toRequest();
        hudson.util.StreamTaskListener listener = new hudson.util.StreamTaskListener(new java.io.ByteArrayOutputStream());

        assertThatThrownBy(() -> JobSetup.prepare(req, run, null, listener, TestJenkins.user("dev"), "k"))
                .isInstanceOf(AbortException.class).hasMessageContaining("priority").hasMessageContaining("highest job priority");
        JobSetup.Prepared ok = JobSetup.prepare(req, run, null, listener, TestJenkins.user("lead"), "k");
        assertThat(ok.plan.spec().priority()).isEqualTo(3);
        assertThat(ModelArtsPermissions.HIGHEST_JOB_PRIORITY.impliedBy).isSameAs(Jenkins.ADMINISTER);
        assertThat((Object) ModelArtsPermissions.HIGHEST_JOB_PRIORITY.group).isSameAs(ModelArtsPermissions.GROUP);
        assertThat(ModelArtsPermissions.GROUP.title.toString()).isEqualTo("ModelArts Train");
        assertThat(StepDescriptor.byFunctionName("modelartsTrain")).isInstanceOf(ModelArtsTrainStep.DescriptorImpl.class);
    }
}
