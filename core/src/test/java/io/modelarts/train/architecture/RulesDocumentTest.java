package io.modelarts.train.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/modelarts-rules.md names, for each rule, the class that enforces it and the test that shows it: every class,
 * test class and test method it names exists, so the page cannot promise a test that is gone.
 */
class RulesDocumentTest {

    private static final Path DOC = Path.of("..", "docs", "modelarts-rules.md");
    private static final Path MAIN = Path.of("src", "main", "java", "io", "modelarts", "train");
    private static final Path TESTS = Path.of("src", "test", "java", "io", "modelarts", "train");
    /** {@code JobValidatorTest.Name}, {@code backend/local/LocalBackendTest.runsThe...}, {@code rules.Names}. */
    private static final Pattern CODE = Pattern.compile("`([a-z/]*(?:[a-z]+\\.)*[A-Z][A-Za-z]*(?:\\.[A-Za-z]+)*)`");

    @Test
    void everyClassTestAndMethodItNamesExists() throws IOException {
        List<String> rows = Files.readAllLines(DOC).stream().filter(l -> l.matches("\\| \\d+ \\|.*")).toList();
        assertThat(rows).as("rule rows").hasSizeGreaterThan(30);
        List<String> missing = new ArrayList<>();
        int tests = 0;
        for (String row : rows) {
            String[] cells = row.split("\\|");
            String where = cells[4];
            String shownBy = cells[5];
            assertThat(shownBy).as("a test for rule %s", cells[1].strip()).contains("Test");
            for (String name : names(where)) {
                String simple = name.substring(name.lastIndexOf('.') + 1);
                if (find(MAIN, simple + ".java") == null) {
                    missing.add("rule " + cells[1].strip() + ": class " + name);
                }
            }
            for (String name : names(shownBy)) {
                String path = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
                String[] parts = name.substring(path.length()).split("\\.");
                Path file = find(TESTS.resolve(path), parts[0] + ".java");
                if (file == null) {
                    missing.add("rule " + cells[1].strip() + ": test class " + name);
                    continue;
                }
                String source = Files.readString(file);
                for (int i = 1; i < parts.length; i++) {
                    boolean nested = i < parts.length - 1 || Character.isUpperCase(parts[i].charAt(0));
                    String declared = nested ? "class " + parts[i] + " " : "void " + parts[i] + "(";
                    if (!source.contains(declared)) {
                        missing.add("rule " + cells[1].strip() + ": " + declared.strip() + " in " + file);
                    }
                }
                tests++;
            }
        }
        assertThat(missing).isEmpty();
        assertThat(tests).isGreaterThan(40);
    }

    private static List<String> names(String cell) {
        List<String> out = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Path find(Path root, String fileName) throws IOException {
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().equals(fileName)).findFirst().orElse(null);
        }
    }
}
