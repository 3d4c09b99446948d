package io.jenkins.plugins.modelarts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link Messages} is generated from {@code Messages.properties} by the localizer Maven plugin: every key has its
 * two methods, every key is used by the plugin's code (no dead text), and every {@code Messages.X()} the code
 * calls is a key of the file (the compiler checks that too; this names the key when it is missing).
 */
class MessagesTest {

    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final Pattern CALL = Pattern.compile("\\bMessages\\._?([A-Za-z0-9_]+)\\(");

    private static Properties properties() throws IOException {
        Properties props = new Properties();
        try (InputStream in = Messages.class.getResourceAsStream("Messages.properties")) {
            props.load(in);
        }
        return props;
    }

    /** The method names the code calls on {@link Messages}, without the leading {@code _} of the localizable form. */
    private static Set<String> calledMethods() throws IOException {
        Set<String> called = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = CALL.matcher(Files.readString(f, StandardCharsets.UTF_8));
                while (m.find()) {
                    called.add(m.group(1));
                }
            }
        }
        return called;
    }

    @Test
    void everyKeyHasItsGeneratedMethods() throws Exception {
        Properties props = properties();
        assertThat(props).isNotEmpty();
        Set<String> keys = new TreeSet<>();
        for (String k : props.stringPropertyNames()) {
            String method = k.replace('.', '_');
            keys.add(method);
            int args = new MessageFormat(props.getProperty(k)).getFormatsByArgumentIndex().length;
            assertThat(Messages.class.getMethod(method, args(args)).getReturnType()).isEqualTo(String.class);
            assertThat(Messages.class.getMethod("_" + method, args(args)).getReturnType())
                    .isEqualTo(org.jvnet.localizer.Localizable.class);
        }
        Set<String> methods = new TreeSet<>();
        for (Method m : Messages.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && m.getReturnType() == String.class) {
                methods.add(m.getName());
            }
        }
        assertThat(methods).isEqualTo(keys);
        assertThat(Messages.JobSummary_Failed("j", "Job Failed")).isEqualTo("ModelArts training job j: Job Failed");
        assertThat(Messages._KubernetesCluster_Name_Required().toString()).contains("cluster: 'name'");
    }

    @Test
    void everyKeyIsUsedAndEveryUseIsAKey() throws Exception {
        assertThat(Files.isDirectory(SOURCES)).as("run from the plugin module").isTrue();
        Set<String> keys = new TreeSet<>();
        properties().stringPropertyNames().forEach(k -> keys.add(k.replace('.', '_')));
        Set<String> called = calledMethods();
        assertThat(called).as("Messages methods called by the code").isSubsetOf(keys);
        assertThat(keys).as("keys of Messages.properties").isSubsetOf(called);
    }

    private static Class<?>[] args(int n) {
        Class<?>[] a = new Class<?>[n];
        java.util.Arrays.fill(a, Object.class);
        return a;
    }
}
