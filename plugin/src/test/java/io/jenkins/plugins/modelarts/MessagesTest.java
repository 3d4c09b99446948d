package io.jenkins.plugins.modelarts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.text.MessageFormat;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The hand-written {@link Messages} matches {@code Messages.properties}, as the localizer generator would make it. */
class MessagesTest {

    @Test
    void everyKeyHasItsMethodsAndEveryMethodItsKey() throws Exception {
        Properties props = new Properties();
        try (InputStream in = Messages.class.getResourceAsStream("Messages.properties")) {
            props.load(in);
        }
        Set<String> keys = new TreeSet<>();
        for (String k : props.stringPropertyNames()) {
            keys.add(k.replace('.', '_'));
            String pattern = props.getProperty(k);
            int args = new MessageFormat(pattern).getFormatsByArgumentIndex().length;
            Method text = Messages.class.getMethod(k.replace('.', '_'), args(args));
            Method localizable = Messages.class.getMethod("_" + k.replace('.', '_'), args(args));
            assertThat(text.getReturnType()).isEqualTo(String.class);
            assertThat(localizable.getReturnType().getSimpleName()).isEqualTo("Localizable");
        }
        Set<String> methods = new TreeSet<>();
        for (Method m : Messages.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && m.getReturnType() == String.class) {
                methods.add(m.getName());
            }
        }
        assertThat(methods).isEqualTo(keys);
        assertThat(Messages.JobSummary_Failed("j", "Job Failed")).isEqualTo("ModelArts training job j: Job Failed");
        assertThat(Messages.KubernetesCluster_Name_Required()).contains("cluster: 'name'");
    }

    private static Class<?>[] args(int n) {
        Class<?>[] a = new Class<?>[n];
        java.util.Arrays.fill(a, Object.class);
        return a;
    }
}
