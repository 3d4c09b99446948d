package com.cloudbees.plugins.credentials.common;

/**
 * Stand-in for the credentials plugin's {@code StandardUsernameCredentials}.
 */
public interface StandardUsernameCredentials extends StandardCredentials, UsernameCredentials {}
