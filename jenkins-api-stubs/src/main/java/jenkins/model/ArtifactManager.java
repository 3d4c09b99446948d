package jenkins.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.BuildListener;
import hudson.model.Run;
import java.io.IOException;
import java.util.Map;

/**
 * Stand-in for {@code jenkins.model.ArtifactManager}: stores a build's artifacts. Get the one to add artifacts
 * to with {@code Run.pickArtifactManager()}. ({@code root()}, which returns a {@code VirtualFile}, is not part of
 * the stand-in.)
 */
public abstract class ArtifactManager {
    public abstract void onLoad(@NonNull Run<?, ?> build);

    /**
     * Archives files.
     *
     * @param workspace the directory the paths are relative to
     * @param artifacts map from the artifact path (as shown in the build) to the path relative to {@code workspace}
     */
    public abstract void archive(FilePath workspace, Launcher launcher, BuildListener listener, Map<String, String> artifacts)
            throws IOException, InterruptedException;

    public abstract boolean delete() throws IOException, InterruptedException;
}
