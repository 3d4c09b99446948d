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
 * the builder and the global configuration, and nothing of Jenkins bundled.
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
                // Jenkins finds @Terminator methods through this index: the client cache closes at shutdown
                var terminators = pluginJar.getJarEntry("META-INF/services/annotations/hudson.init.Terminator");
                assertThat(terminators).isNotNull();
                try (InputStream in = pluginJar.getInputStream(terminators)) {
                    assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                            .contains("io.jenkins.plugins.modelarts.ClientCache");
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
                    "io.jenkins.plugins.modelarts.ModelArtsGlobalConfiguration");
        }
    }
}
