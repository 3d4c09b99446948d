package io.jenkins.plugins.stubs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.ExtensionList;
import hudson.model.Descriptor;
import io.jenkins.plugins.stubs.Fixtures.SampleConfig;
import io.jenkins.plugins.stubs.Fixtures.SampleStep;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExtensionIndexTest {
    @RegisterExtension
    final RunningJenkins running = new RunningJenkins();

    @Test
    void compilingAnExtensionWritesTheSezPozIndex() throws Exception {
        List<URL> indexes = Collections.list(getClass().getClassLoader().getResources("META-INF/annotations/hudson.Extension"));
        assertThat(indexes).anySatisfy(u -> assertThat(u.getPath()).contains("test-classes"));
        List<String> names = new java.util.ArrayList<>();
        for (IndexItem<hudson.Extension, Object> item : Index.load(hudson.Extension.class, Object.class)) {
            names.add(item.className());
        }
        assertThat(names).contains(SampleStep.DescriptorImpl.class.getName(), SampleConfig.class.getName());
    }

    @Test
    void compilingASymbolWritesTheAnnotationIndexerIndex() throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/services/annotations/org.jenkinsci.Symbol")) {
            assertThat(in).isNotNull();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text.lines()).contains(SampleConfig.class.getName(), Fixtures.Mount.DescriptorImpl.class.getName());
        }
    }

    @Test
    void extensionListFindsExtensionsOnce() {
        SampleConfig config = ExtensionList.lookupSingleton(SampleConfig.class);
        assertThat(GlobalConfiguration.all()).contains(config);
        assertThat(ExtensionList.lookupSingleton(SampleConfig.class)).isSameAs(config);
        assertThat(config.getDescriptor()).isSameAs(config);
        config.setEndpoint("https://obs.example.com");
        assertThat(ExtensionList.lookupSingleton(SampleConfig.class).getEndpoint()).isEqualTo("https://obs.example.com");
    }

    @Test
    void descriptorsAreFoundForTheirClass() {
        SampleStep step = new SampleStep("img");
        StepDescriptor d = step.getDescriptor();
        assertThat(d).isInstanceOf(SampleStep.DescriptorImpl.class);
        assertThat(d.clazz).isEqualTo(SampleStep.class);
        assertThat(StepDescriptor.byFunctionName("sampleStep")).isSameAs(d);
        assertThat(Jenkins.get().getDescriptorByType(SampleStep.DescriptorImpl.class)).isSameAs(d);
        assertThat(d.getDisplayName()).isEqualTo("SampleStep");
        Descriptor<?> mount = new Fixtures.Mount().getDescriptor();
        assertThat(mount.clazz).isEqualTo(Fixtures.Mount.class);
    }

    @Test
    void extensionsAreOrderedByOrdinal() {
        assertThat(ExtensionList.lookup(Fixtures.Ranked.class))
                .extracting(Object::getClass)
                .containsExactly(Fixtures.High.class, Fixtures.Low.class);
    }

    @Test
    void resetGivesFreshExtensions() throws Exception {
        SampleConfig before = ExtensionList.lookupSingleton(SampleConfig.class);
        RunningJenkins.stop();
        RunningJenkins.start();
        assertThat(ExtensionList.lookupSingleton(SampleConfig.class)).isNotSameAs(before);
    }

    @Test
    void missingSingletonIsAnError() {
        assertThatThrownBy(() -> ExtensionList.lookupSingleton(String.class)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void manuallyAddedExtensionsAreListed() {
        ExtensionList.lookup(Fixtures.Ranked.class).add(new Fixtures.Ranked() {});
        assertThat(ExtensionList.lookup(Fixtures.Ranked.class)).hasSize(3);
    }
}
