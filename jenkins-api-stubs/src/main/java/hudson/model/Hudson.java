package hudson.model;

import jakarta.servlet.ServletContext;
import java.io.File;
import java.io.IOException;
import jenkins.model.Jenkins;
import org.jvnet.hudson.reactor.ReactorException;

/**
 * Stand-in for the legacy {@code hudson.model.Hudson}, the concrete {@link Jenkins} that jenkins-test-harness
 * boots.
 *
 * @deprecated use {@link Jenkins}
 */
@Deprecated
public class Hudson extends Jenkins {
    public Hudson(File root, ServletContext context) throws IOException, InterruptedException, ReactorException {
        super(root, context);
    }
}
