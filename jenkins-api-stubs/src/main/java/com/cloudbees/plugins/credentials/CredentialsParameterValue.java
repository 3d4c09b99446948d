package com.cloudbees.plugins.credentials;

import hudson.model.ParameterValue;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * Stand-in for the credentials plugin's {@code CredentialsParameterValue}: a credentials id chosen for a build
 * parameter of type "Credentials".
 */
public class CredentialsParameterValue extends ParameterValue {
    private static final long serialVersionUID = 1L;

    private final String value;

    private final boolean isDefaultValue;

    @DataBoundConstructor
    public CredentialsParameterValue(String name, String value, String description) {
        this(name, value, description, false);
    }

    public CredentialsParameterValue(String name, String value, String description, boolean isDefaultValue) {
        super(name, description);
        this.value = value;
        this.isDefaultValue = isDefaultValue;
    }

    @Override
    public String getValue() {
        return value;
    }

    @Override
    public boolean isSensitive() {
        return true;
    }

    public boolean isDefaultValue() {
        return isDefaultValue;
    }
}
