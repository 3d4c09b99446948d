package com.cloudbees.plugins.credentials.builds;

import com.cloudbees.plugins.credentials.CredentialsParameterValue;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;

/** Stand-in for the credentials plugin's {@code CredentialsParameterBinding}: a credentials parameter and its user. */
public class CredentialsParameterBinding {

    static CredentialsParameterBinding fromParameter(@CheckForNull final String userId, @NonNull final CredentialsParameterValue parameterValue) {
        return new CredentialsParameterBinding(userId, parameterValue.getName(), parameterValue.getValue(),
                parameterValue.isDefaultValue());
    }

    private final String userId;
    private final String parameterName;
    private final String credentialsId;
    private final boolean isDefaultValue;

    private CredentialsParameterBinding(String userId, String parameterName, String credentialsId, boolean isDefaultValue) {
        this.userId = userId;
        this.parameterName = parameterName;
        this.credentialsId = credentialsId;
        this.isDefaultValue = isDefaultValue;
    }

    @CheckForNull
    public String getUserId() {
        return userId;
    }

    @NonNull
    public String getParameterName() {
        return parameterName;
    }

    @CheckForNull
    public String getCredentialsId() {
        return credentialsId;
    }

    public boolean isDefaultValue() {
        return isDefaultValue;
    }
}
