package io.jenkins.plugins.modelarts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hudson.Extension;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built {@code target/modelarts-train.hpi} (runs in the {@code verify} phase, after packaging; skipped when
 * the file is absent): the manifest real Jenkins reads, the plugin jar with its extension index naming the step,
 * the builder and the global configuration, nothing of Jenkins bundled, and no third-party library either: those
 * come from Jenkins' library plugins, named in the manifest at the versions the engine was built and tested with.
 */
class HpiPackageIT {

    static final Path HPI = Path.of("target", "modelarts-train.hpi");

    @TempDir
    Path tmp;

    @Test
    void theHpiHasTheManifestAndTheExtensionIndex() throws Exception {
        assumeTrue(Files.isRegularFile(HPI), "no " + HPI.toAbsolutePath() + " (run mvn verify)");
        try (JarFile hpi = new JarFile(HPI.toFile())) {
            Attributes m = hpi.getManifest().getMainAttributes();
            assertThat(m.getValue("Short-Name")).isEqualTo("modelarts-train");
            assertThat(m.getValue("Long-Name")).isNotBlank();
            assertThat(m.getValue("Plugin-Version")).isNotBlank();
            assertThat(m.getValue("Jenkins-Version")).isEqualTo("2.528.3");
            assertThat(m.getValue("Group-Id")).isEqualTo("io.jenkins.plugins");
            assertThat(m.getValue("Url")).isNotBlank();
            assertThat(m.getValue("Plugin-Dependencies")).contains("workflow-step-api:", "workflow-api:", "structs:",
                    "credentials:", "plain-credentials:");

            List<String> libs = new ArrayList<>();
            for (Enumeration<JarEntry> e = hpi.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.startsWith("WEB-INF/lib/")) {
                    libs.add(name.substring("WEB-INF/lib/".length()));
                }
            }
            assertThat(libs).contains("modelarts-train.jar").anyMatch(n -> n.startsWith("modelarts-train-core-"));
            assertThat(libs).noneMatch(n -> n.startsWith("jenkins-api-stubs") || n.startsWith("guava-") || n.startsWith("sezpoz-")
                    || n.startsWith("jakarta.servlet-api"));

            Path jar = tmp.resolve("modelarts-train.jar");
            try (InputStream in = hpi.getInputStream(hpi.getJarEntry("WEB-INF/lib/modelarts-train.jar"))) {
                Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
            }
            try (JarFile pluginJar = new JarFile(jar.toFile())) {
                assertThat(pluginJar.getJarEntry("META-INF/annotations/hudson.Extension")).isNotNull();
                assertThat(pluginJar.getJarEntry("io/jenkins/plugins/modelarts/ModelArtsTrainStep/config.jelly")).isNotNull();
                assertThat(pluginJar.getJarEntry("io/jenkins/plugins/modelarts/Messages.properties")).isNotNull();
                assertThat(pluginJar.getJarEntry("io/jenkins/plugins/modelarts/Messages.class")).isNotNull();
                // the plugin manager shows index.jelly, at the root of the plugin jar, as the plugin's description
                var index = pluginJar.getJarEntry("index.jelly");
                assertThat(index).as("index.jelly").isNotNull();
                try (InputStream in = pluginJar.getInputStream(index)) {
                    assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                            .contains("escape-by-default='true'", "modelartsTrain", "Kubernetes");
                }
                // Jenkins finds @Terminator methods through this index: clients and pools close at shutdown, after the
                // builds were suspended
                var terminators = pluginJar.getJarEntry("META-INF/services/annotations/hudson.init.Terminator");
                assertThat(terminators).isNotNull();
                try (InputStream in = pluginJar.getInputStream(terminators)) {
                    assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                            .contains("io.jenkins.plugins.modelarts.StepShutdown");
                }
            }
            List<String> extensions = new ArrayList<>();
            try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
                for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, loader)) {
                    extensions.add(item.className());
                }
            }
            assertThat(extensions).contains("io.jenkins.plugins.modelarts.ModelArtsTrainStep$DescriptorImpl",
                    "io.jenkins.plugins.modelarts.ModelArtsTrainBuilder$DescriptorImpl",
                    "io.jenkins.plugins.modelarts.ModelArtsGlobalConfiguration",
                    // the ItemListener that detaches running steps in onBeforeShutdown()
                    "io.jenkins.plugins.modelarts.StepShutdown");
        }
    }

    /** Jars of libraries that Jenkins core or a library plugin provides: never in WEB-INF/lib. */
    private static final List<String> PROVIDED_LIBRARIES = List.of("kubernetes-", "openshift-", "zjsonpatch", "snakeyaml",
            "vertx-", "netty-", "okhttp", "logging-interceptor", "okio", "kotlin-", "jackson-", "s3-", "s3-transfer-manager",
            "sdk-core", "aws-", "sts-", "auth-", "regions-", "utils-", "http-client-spi", "apache-client", "netty-nio-client",
            "reactive-streams", "slf4j-", "guava-", "commons-", "spring-", "bc");

    static final long MAX_HPI_BYTES = 3L * 1024 * 1024;

    @Test
    void theHpiBundlesOnlyThisProjectsJarsAndDependsOnTheLibraryPlugins() throws Exception {
        assumeTrue(Files.isRegularFile(HPI), "no " + HPI.toAbsolutePath() + " (run mvn verify)");
        assertThat(Files.size(HPI)).as("size of " + HPI).isLessThanOrEqualTo(MAX_HPI_BYTES);
        try (JarFile hpi = new JarFile(HPI.toFile())) {
            List<String> libs = new ArrayList<>();
            for (Enumeration<JarEntry> e = hpi.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.startsWith("WEB-INF/lib/") && name.length() > "WEB-INF/lib/".length()) {
                    libs.add(name.substring("WEB-INF/lib/".length()));
                }
            }
            // this project's jars, and fabric8's adapter to the JDK's HTTP client, of the very fabric8 version that
            // kubernetes-client-api ships (no library plugin provides it)
            String jdkClient = "kubernetes-httpclient-jdk-" + jarVersion(io.fabric8.kubernetes.client.KubernetesClient.class) + ".jar";
            assertThat(libs).allSatisfy(n -> assertThat(n).matches("modelarts-train(-core-.+)?\\.jar|" + java.util.regex.Pattern.quote(jdkClient)));
            assertThat(libs).contains(jdkClient);
            assertThat(libs).filteredOn(n -> !n.equals(jdkClient)).noneMatch(n -> PROVIDED_LIBRARIES.stream().anyMatch(n::startsWith));

            Map<String, String> deps = pluginDependencies(hpi.getManifest().getMainAttributes().getValue("Plugin-Dependencies"));
            assertThat(deps).containsKeys("kubernetes-client-api", "jackson2-api", "aws-java-sdk2-core",
                    "aws-java-sdk2-s3", "aws-java-sdk2-netty-nio-client", "aws-java-sdk2-sts");
            // OkHttp is kubernetes-client-api's own dependency: the plugin does not use it
            assertThat(deps).doesNotContainKey("okhttp-api");
            // each library plugin at the release that ships the libraries these tests ran on (the plugins' versions
            // are "<library version>-<build>"); the AWS SDK on the class path may be older, never newer
            assertThat(libraryVersion(deps.get("kubernetes-client-api"))).isEqualTo(jarVersion(io.fabric8.kubernetes.client.KubernetesClient.class));
            assertThat(libraryVersion(deps.get("jackson2-api"))).isEqualTo(jarVersion(com.fasterxml.jackson.databind.ObjectMapper.class));
            String aws = jarVersion(software.amazon.awssdk.services.s3.S3AsyncClient.class);
            assertThat(jarVersion(software.amazon.awssdk.transfer.s3.S3TransferManager.class)).isEqualTo(aws);
            for (String plugin : List.of("aws-java-sdk2-core", "aws-java-sdk2-s3", "aws-java-sdk2-netty-nio-client", "aws-java-sdk2-sts")) {
                assertThat(compareVersions(aws, libraryVersion(deps.get(plugin)))).as(plugin + " ships " + aws + " or newer").isLessThanOrEqualTo(0);
            }
        }
    }

    /** {@code a:1,b:2;resolution:=optional} as a map of short name to version. */
    private static Map<String, String> pluginDependencies(String header) {
        Map<String, String> deps = new java.util.LinkedHashMap<>();
        for (String d : header.split(",")) {
            String[] nameVersion = d.split(";")[0].trim().split(":");
            deps.put(nameVersion[0], nameVersion[1]);
        }
        return deps;
    }

    /** The library version in a library plugin's version: {@code 7.3.1-256.v788a_0b_787114} gives {@code 7.3.1}. */
    private static String libraryVersion(String pluginVersion) {
        return pluginVersion.substring(0, pluginVersion.indexOf('-'));
    }

    /** The version in the name of the jar {@code type} was loaded from ({@code okhttp-jvm-5.3.2.jar} gives {@code 5.3.2}). */
    private static String jarVersion(Class<?> type) throws Exception {
        String file = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-(\\d+(\\.\\d+)+)\\.jar$").matcher(file);
        assertThat(m.find()).as(file).isTrue();
        return m.group(1);
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
