package jenkins.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.BuildListener;
import hudson.model.Run;
import java.io.IOException;
import java.util.Map;
import jenkins.util.VirtualFile;

/**
 * Stand-in for {@code jenkins.model.ArtifactManager}: stores a build's artifacts. Get the one to add artifacts
 * to with {@code Run.pickArtifactManager()}; read them through {@link #root()}.
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

    /** The archived files, for reading ({@code root().child("a/b.txt").open()}). */
    public abstract VirtualFile root();

    public abstract boolean delete() throws IOException, InterruptedException;
}
