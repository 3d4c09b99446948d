package io.modelarts.train.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's packages form a layering without cycles: values that several packages share (problems, limits,
 * naming rules) live in {@code rules}, which depends on no other package of the engine.
 */
class PackageCyclesTest {

    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.modelarts.train");

    @Test
    void noCycleBetweenTheEnginesPackages() {
        assertThat(ENGINE.size()).as("classes imported").isGreaterThan(100);
        slices().matching("io.modelarts.train.(*)..").should().beFreeOfCycles().check(ENGINE);
    }

    @Test
    void rulesDependOnNothingElseOfTheEngine() {
        classes().that().resideInAPackage("io.modelarts.train.rules..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.modelarts.train.rules..", "java..")
                .check(ENGINE);
    }
}
