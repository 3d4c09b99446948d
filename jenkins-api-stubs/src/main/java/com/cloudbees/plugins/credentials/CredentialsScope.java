package com.cloudbees.plugins.credentials;

import hudson.model.ModelObject;
import java.io.Serializable;
import jenkins.model.Jenkins;

/**
 * Stand-in for the credentials plugin's {@code CredentialsScope}: {@link #SYSTEM} credentials are for Jenkins
 * itself (never visible to jobs), {@link #GLOBAL} ones for jobs too, {@link #USER} ones for their user only.
 */
public enum CredentialsScope implements Serializable {
    SYSTEM {
        @Override
        public String getDisplayName() {
            return "System";
        }

        @Override
        public boolean isVisible(ModelObject context) {
            return context instanceof Jenkins;
        }
    },
    GLOBAL {
        @Override
        public String getDisplayName() {
            return "Global";
        }

        @Override
        public boolean isVisible(ModelObject context) {
            return true;
        }
    },
    USER {
        @Override
        public String getDisplayName() {
            return "User";
        }

        @Override
        public boolean isVisible(ModelObject context) {
            // the stand-in has no users
            return false;
        }
    };

    public abstract String getDisplayName();

    public abstract boolean isVisible(ModelObject context);
}
