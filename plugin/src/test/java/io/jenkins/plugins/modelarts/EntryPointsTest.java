package io.jenkins.plugins.modelarts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import org.jenkinsci.Symbol;
import org.junit.jupiter.api.Test;

/**
 * Pipeline has one entry point, the {@code modelartsTrain} step. The freestyle builder carries no {@link Symbol}
 * (structs would otherwise offer it to Pipeline as a second, blocking and non-resumable step) and has its own
 * display name.
 */
class EntryPointsTest {

    /** The classes the annotation index lists for {@code @Symbol}, as structs' SymbolLookup reads them. */
    private static List<String> symbolIndex() throws IOException {
        List<String> classes = new ArrayList<>();
        Enumeration<URL> e = EntryPointsTest.class.getClassLoader().getResources("META-INF/services/annotations/org.jenkinsci.Symbol");
        while (e.hasMoreElements()) {
            try (InputStream in = e.nextElement().openStream()) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        classes.add(line.trim());
                    }
                }
            }
        }
        return classes;
    }

    @Test
    void theBuilderIsNoPipelineStep() throws Exception {
        assertThat(ModelArtsTrainBuilder.DescriptorImpl.class.getAnnotation(Symbol.class)).isNull();
        assertThat(symbolIndex()).isNotEmpty() // the global configuration's @Symbol is indexed
                .contains(ModelArtsGlobalConfiguration.class.getName())
                .doesNotContain(ModelArtsTrainBuilder.DescriptorImpl.class.getName());
    }

    @Test
    void theStepIsModelartsTrainAndTheBuilderIsNamedForFreestyle() {
        ModelArtsTrainStep.DescriptorImpl step = new ModelArtsTrainStep.DescriptorImpl();
        ModelArtsTrainBuilder.DescriptorImpl builder = new ModelArtsTrainBuilder.DescriptorImpl();
        assertThat(step.getFunctionName()).isEqualTo("modelartsTrain");
        assertThat(builder.getDisplayName()).isEqualTo("ModelArts training (freestyle)").isNotEqualTo(step.getDisplayName());
    }
}
