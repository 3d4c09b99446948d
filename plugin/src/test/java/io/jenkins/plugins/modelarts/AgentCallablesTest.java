package io.jenkins.plugins.modelarts;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.Credentials;
import hudson.FilePath;
import hudson.remoting.Callable;
import hudson.util.Secret;
import io.modelarts.train.storage.ObjectStore;
import io.modelarts.train.storage.S3Settings;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The compiled plugin sends agents nothing secret: no class of it that is sent to an agent ({@code FileCallable},
 * remoting {@code Callable}) has a field, directly or through the declared types of its fields, that holds a
 * credential, a secret, the object store's keys or connection, the cluster's authentication, or is named like one.
 */
class AgentCallablesTest {

    private static final Set<Class<?>> FORBIDDEN = Set.of(S3Access.class, ClusterAuth.class, S3Settings.class, Secret.class,
            KubernetesCluster.class, JobSetup.Prepared.class, ObjectStoreSettings.class);
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(secret|token|password|credential|accesskey|kubeconfig).*");

    @Test
    void noCallableOfThePluginReachesASecret() throws Exception {
        List<Class<?>> sent = new ArrayList<>();
        for (Class<?> c : pluginClasses()) {
            if (FilePath.FileCallable.class.isAssignableFrom(c) || Callable.class.isAssignableFrom(c)) {
                sent.add(c);
            }
        }
        assertThat(sent).extracting(Class::getSimpleName).contains("AgentStaging", "OutputDownload", "LocalRun");
        List<String> problems = new ArrayList<>();
        for (Class<?> c : sent) {
            check(c, c.getSimpleName(), new HashSet<>(), problems);
        }
        assertThat(problems).isEmpty();
    }

    private static void check(Class<?> type, String path, Set<Class<?>> seen, List<String> problems) {
        if (type == null || type.isPrimitive() || !seen.add(type) || type.getName().startsWith("java.")) {
            return;
        }
        for (Class<?> f : FORBIDDEN) {
            if (f.isAssignableFrom(type)) {
                problems.add(path + " is a " + f.getSimpleName());
            }
        }
        if (Credentials.class.isAssignableFrom(type) || (ObjectStore.class.isAssignableFrom(type) && !type.isInterface())) {
            problems.add(path + " is a " + type.getSimpleName());
        }
        if (type.isInterface()) {
            return; // a reference exported by the controller (broker, console, processes): the object stays there
        }
        for (Class<?> k = type; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field field : k.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || Modifier.isTransient(field.getModifiers())) {
                    continue;
                }
                String at = path + "." + field.getName();
                if (SECRET_NAME.matcher(field.getName()).matches()) {
                    problems.add(at + " is named like a secret");
                }
                check(field.getType(), at, seen, problems);
                for (Class<?> arg : typeArguments(field.getGenericType())) {
                    check(arg, at + "<" + arg.getSimpleName() + ">", seen, problems);
                }
            }
        }
    }

    private static List<Class<?>> typeArguments(Type t) {
        List<Class<?>> out = new ArrayList<>();
        if (t instanceof ParameterizedType p) {
            for (Type a : p.getActualTypeArguments()) {
                if (a instanceof Class<?> c) {
                    out.add(c);
                }
                out.addAll(typeArguments(a));
            }
        }
        return out;
    }

    private static List<Class<?>> pluginClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(ModelArtsTrainStep.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
                out.add(Class.forName(name, false, AgentCallablesTest.class.getClassLoader()));
            }
        }
        return out;
    }
}
