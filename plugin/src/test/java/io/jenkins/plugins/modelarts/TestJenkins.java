package io.jenkins.plugins.modelarts;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.ItemGroup;
import hudson.model.Job;
import hudson.model.Run;
import hudson.model.TopLevelItem;
import hudson.util.Secret;
import java.io.IOException;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;

/** A job, runs and configuration in the stand-in Jenkins. */
final class TestJenkins {

    private TestJenkins() {
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static final class FakeJob extends Job<FakeJob, FakeRun> implements TopLevelItem {
        FakeJob(ItemGroup<?> parent, String name) {
            super(parent, name);
        }

        @Override
        public boolean isBuildable() {
            return true;
        }

        private final java.util.TreeMap<Integer, FakeRun> runs = new java.util.TreeMap<>(java.util.Collections.reverseOrder());

        @Override
        protected synchronized java.util.SortedMap<Integer, FakeRun> _getRuns() {
            return new java.util.TreeMap<>(runs);
        }

        @Override
        protected synchronized void removeRun(FakeRun run) {
            runs.remove(run.getNumber());
        }

        synchronized void add(FakeRun run) {
            runs.put(run.getNumber(), run);
        }
    }

    static final class FakeRun extends Run<FakeJob, FakeRun> {
        FakeRun(FakeJob job) throws IOException {
            super(job);
            job.add(this);
        }

        void finish() {
            onEndBuilding();
        }
    }

    /** Installs permissions decided by {@code acl} for every object (as a matrix authorization strategy would). */
    static void permissions(java.util.function.BiFunction<org.springframework.security.core.Authentication, hudson.security.Permission, Boolean> acl) {
        io.jenkins.plugins.testsupport.JenkinsSessions.permissions(acl::apply);
    }

    static org.springframework.security.core.Authentication user(String name) {
        return io.jenkins.plugins.testsupport.JenkinsSessions.user(name);
    }

    static FakeJob job(String name) throws Exception {
        Jenkins j = Jenkins.get();
        FakeJob job = new FakeJob(j, name);
        j.putItem(job);
        return job;
    }

    static FakeRun run(String jobName) throws Exception {
        return new FakeRun(job(jobName));
    }

    static void addToken(String id, String token) {
        SystemCredentialsProvider.getInstance().getCredentials()
                .add(new StringCredentialsImpl(CredentialsScope.GLOBAL, id, "token", Secret.fromString(token)));
    }

    static void addKeys(String id, String accessKey, String secretKey) throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials()
                .add(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, id, "keys", accessKey, secretKey));
    }

    /**
     * The object store of {@code s3} in the global configuration: its keys as credentials {@code s3-keys}, path-style, and
     * {@code obs-keys} as the Secret that the pods' transfers read.
     */
    static void useObjectStore(io.modelarts.train.testing.S3TestServer s3) throws Exception {
        addKeys("s3-keys", s3.accessKey(), s3.secretKey());
        ObjectStoreSettings os = new ObjectStoreSettings();
        os.setEndpoint(s3.endpoint().toString());
        os.setRegion(s3.region());
        os.setPathStyle(true);
        os.setCredentialsId("s3-keys");
        os.setCredentialsSecret("obs-keys");
        ModelArtsGlobalConfiguration.get().setObjectStore(os);
    }

    /** One cluster {@code test} (token credentials {@code k8s-token}) and one dedicated pool {@code pool} in {@code namespace}. */
    static ModelArtsGlobalConfiguration configure(String namespace) {
        ModelArtsGlobalConfiguration config = ModelArtsGlobalConfiguration.get();
        KubernetesCluster cluster = new KubernetesCluster("test");
        cluster.setServerUrl("https://kubernetes.example.com");
        cluster.setCredentialsId("k8s-token");
        config.setClusters(List.of(cluster));
        ResourcePool pool = new ResourcePool("pool");
        pool.setType("dedicated");
        pool.setNamespace(namespace);
        pool.setPriorityClasses(List.of(new PriorityClassMapping(1, "low"), new PriorityClassMapping(3, "high")));
        PoolFlavor cpu = new PoolFlavor("cpu-2");
        cpu.setType("CPU");
        cpu.setCpu("2");
        cpu.setMemory("8Gi");
        cpu.setDisk("50Gi");
        pool.setFlavors(List.of(cpu));
        config.setPools(List.of(pool));
        config.setTransferImage("registry.example.com/tools/rclone:1.68");
        return config;
    }
}
