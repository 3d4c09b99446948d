package io.jenkins.plugins.modelarts;

import io.jenkins.plugins.testsupport.JenkinsSessions;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Descriptor;
import java.io.File;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Every data-bound property of every describable has a jelly entry and a help file, and nothing else has. */
class FormsTest {
    @RegisterExtension
    final JenkinsSessions sessions = new JenkinsSessions();


    static final List<Class<?>> DESCRIBABLES = List.of(ModelArtsTrainStep.class, ModelArtsTrainBuilder.class, TrainAlgorithm.class,
            DataInput.class, DataOutput.class, Hyperparameter.class, EnvironmentVariable.class, TrainResources.class, SfsTurbo.class,
            ParallelFileSystem.class, ModelArtsGlobalConfiguration.class, KubernetesCluster.class, ResourcePool.class, PoolFlavor.class,
            PoolEngine.class, StorageClaim.class, PriorityClassMapping.class, NodeLabel.class, PoolToleration.class,
            ObjectStoreSettings.class, MetricPattern.class, SecretEnvironmentVariable.class);


    /** Constructor parameters of the {@code @DataBoundConstructor} and the properties of {@code @DataBoundSetter}s. */
    static Set<String> properties(Class<?> type) {
        Set<String> names = new TreeSet<>();
        for (Constructor<?> c : type.getConstructors()) {
            if (c.isAnnotationPresent(DataBoundConstructor.class)) {
                for (Parameter p : c.getParameters()) {
                    names.add(p.getName());
                }
            }
        }
        for (Method m : type.getMethods()) {
            if (m.isAnnotationPresent(DataBoundSetter.class)) {
                String n = m.getName().substring(3);
                names.add(Character.toLowerCase(n.charAt(0)) + n.substring(1));
            }
        }
        return names;
    }

    static File folder(Class<?> type) throws Exception {
        URL url = type.getResource("/" + type.getName().replace('.', '/').replace('$', '/') + "/config.jelly");
        assertThat(url).as("config.jelly of %s", type.getSimpleName()).isNotNull();
        return new File(url.toURI()).getParentFile();
    }

    static DocumentBuilder safeParser() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(true);
        return f.newDocumentBuilder();
    }

    static Set<String> jellyFields(Document doc) {
        Set<String> fields = new TreeSet<>();
        NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.hasAttribute("field")) {
                fields.add(e.getAttribute("field"));
            }
        }
        return fields;
    }

    @Test
    void everyPropertyHasAJellyEntryAndAHelpFileAndViceVersa() throws Exception {
        DocumentBuilder parser = safeParser();
        for (Class<?> type : DESCRIBABLES) {
            Set<String> props = properties(type);
            assertThat(props).as("%s has data-bound properties", type.getSimpleName()).isNotEmpty();
            File dir = folder(type);
            Document jelly = parser.parse(new File(dir, "config.jelly"));
            assertThat(jellyFields(jelly)).as("jelly fields of %s", type.getSimpleName()).isEqualTo(props);
            Set<String> helps = new TreeSet<>();
            for (String name : dir.list()) {
                if (name.startsWith("help-") && name.endsWith(".html")) {
                    helps.add(name.substring("help-".length(), name.length() - ".html".length()));
                }
            }
            assertThat(helps).as("help files of %s", type.getSimpleName()).isEqualTo(props);
            assertThat(new File(dir, "help.html")).as("help.html of %s", type.getSimpleName()).exists();
        }
    }

    @Test
    void jellyFilesStartWithTheEscapePragmaAndAllFormFilesParseWithoutDtds() throws Exception {
        DocumentBuilder parser = safeParser();
        int jellies = 0;
        int helps = 0;
        for (Class<?> type : DESCRIBABLES) {
            for (File f : folder(type).listFiles()) {
                if (f.getName().endsWith(".jelly")) {
                    assertThat(Files.readString(f.toPath(), StandardCharsets.UTF_8)).as(f.toString())
                            .startsWith("<?jelly escape-by-default='true'?>");
                    jellies++;
                } else if (f.getName().endsWith(".html")) {
                    helps++;
                }
                try (InputStream in = Files.newInputStream(f.toPath())) {
                    parser.parse(in);
                }
            }
        }
        assertThat(jellies).isEqualTo(DESCRIBABLES.size());
        assertThat(helps).isGreaterThan(100);
    }

    @Test
    void theDtdGuardWorks() throws Exception {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> safeParser().parse(new java.io.ByteArrayInputStream(
                xxe.getBytes(StandardCharsets.UTF_8)))).hasMessageContaining("DOCTYPE");
    }

    @Test
    void everyDescribableOfThePluginHasItsDescriptorAndNoneIsMissingFromTheList() {
        List<Class<?>> registered = new ArrayList<>();
        for (Descriptor<?> d : Jenkins.get().getExtensionList(Descriptor.class)) {
            if (d.clazz.getPackageName().equals(ModelArtsTrainStep.class.getPackageName())) {
                registered.add(d.clazz);
                assertThat(d.getDisplayName()).as("display name of %s", d.clazz).doesNotContain("_");
                for (String p : properties(d.clazz)) {
                    assertThat(d.getHelpFile(p)).as("help of %s.%s", d.clazz.getSimpleName(), p).isNotNull();
                }
            }
        }
        assertThat(registered).containsExactlyInAnyOrderElementsOf(DESCRIBABLES);
    }
}
