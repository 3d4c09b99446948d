package io.jenkins.plugins.stubs;

import hudson.model.Hudson;
import java.nio.file.Files;
import java.nio.file.Path;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.security.core.context.SecurityContextHolder;

/** Boots a stand-in Jenkins in a fresh home before each test and shuts it down ({@code cleanUp()}) after it. */
final class RunningJenkins implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
    }

    @SuppressWarnings("deprecation")
    static Jenkins start() throws Exception {
        Path home = Files.createTempDirectory("jenkins-home");
        return new Hudson(home.toFile(), null);
    }

    static void stop() {
        Jenkins j = Jenkins.getInstanceOrNull();
        if (j != null) {
            j.cleanUp();
        }
        SecurityContextHolder.clearContext();
    }
}
