package com.cloudbees.plugins.credentials.common;

/**
 * Stand-in for the credentials plugin's {@code StandardUsernamePasswordCredentials} (e.g. an access key id as
 * user name and the secret key as password).
 */
public interface StandardUsernamePasswordCredentials extends StandardUsernameCredentials, UsernamePasswordCredentials {}
