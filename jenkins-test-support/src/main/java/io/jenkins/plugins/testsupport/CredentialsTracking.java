package io.jenkins.plugins.testsupport;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.model.Run;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;

/**
 * What {@code CredentialsProvider.track(run, credentials)} recorded for a build. Jenkins keeps it as fingerprints;
 * the stand-in keeps it in a private field, read here by reflection (no such method exists in the credentials plugin).
 */
public final class CredentialsTracking {
    private CredentialsTracking() {
    }

    @SuppressWarnings("unchecked")
    public static List<Credentials> trackedFor(Run<?, ?> run) {
        try {
            Field f = CredentialsProvider.class.getDeclaredField("TRACKED");
            f.setAccessible(true);
            List<Credentials> r = ((Map<Run<?, ?>, List<Credentials>>) f.get(null)).get(run);
            return r == null ? List.of() : List.copyOf(r);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the stand-in's credentials tracking changed", e);
        }
    }
}
