package com.cloudbees.plugins.credentials.builds;

import com.cloudbees.plugins.credentials.CredentialsParameterValue;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.InvisibleAction;
import hudson.model.Run;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stand-in for the credentials plugin's {@code CredentialsParameterBinder}: the credentials parameters of a build,
 * by parameter name, kept as an action of the run. {@code CredentialsProvider.findCredentialById} consults it
 * first, for a {@code ${NAME}} id and for a bare id alike.
 *
 * <p>Stand-in behaviour: the real {@link #getOrCreate(Run)} also binds the run's {@code ParametersAction}; the
 * stand-ins have no build parameters, so bindings are made with {@link #bindCredentialsParameter}.
 */
public final class CredentialsParameterBinder extends InvisibleAction {

    private final Map<String, CredentialsParameterBinding> boundCredentials = new ConcurrentHashMap<>();

    @NonNull
    public static CredentialsParameterBinder getOrCreate(@NonNull final Run<?, ?> run) {
        CredentialsParameterBinder resolver = run.getAction(CredentialsParameterBinder.class);
        if (resolver == null) {
            resolver = new CredentialsParameterBinder();
            run.addAction(resolver);
        }
        return resolver;
    }

    public void bindCredentialsParameter(@CheckForNull final String userId, @NonNull final CredentialsParameterValue parameterValue) {
        boundCredentials.put(parameterValue.getName(), CredentialsParameterBinding.fromParameter(userId, parameterValue));
    }

    public void unbindCredentialsParameter(@NonNull final String parameterName) {
        boundCredentials.remove(parameterName);
    }

    @CheckForNull
    public CredentialsParameterBinding forParameterName(@NonNull final String parameterName) {
        return boundCredentials.get(parameterName);
    }
}
