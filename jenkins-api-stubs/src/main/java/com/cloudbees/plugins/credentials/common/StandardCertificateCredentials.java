package com.cloudbees.plugins.credentials.common;

/**
 * Stand-in for the credentials plugin's {@code StandardCertificateCredentials} (the <em>Certificate</em> kind).
 */
public interface StandardCertificateCredentials extends StandardCredentials, CertificateCredentials {}
