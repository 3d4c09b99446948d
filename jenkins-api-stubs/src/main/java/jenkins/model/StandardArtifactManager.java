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
 * Stand-in for {@code jenkins.model.StandardArtifactManager}: copies artifacts into the build's
 * {@code archive} directory ({@code Run.getArtifactsDir()}).
 */
public class StandardArtifactManager extends ArtifactManager {
    protected transient Run<?, ?> build;

    public StandardArtifactManager(Run<?, ?> build) {
        onLoad(build);
    }

    @Override
    public final void onLoad(@NonNull Run<?, ?> build) {
        this.build = build;
    }

    @Override
    public void archive(FilePath workspace, Launcher launcher, BuildListener listener, Map<String, String> artifacts)
            throws IOException, InterruptedException {
        FilePath dir = new FilePath(build.getArtifactsDir());
        for (Map.Entry<String, String> e : artifacts.entrySet()) {
            FilePath src = workspace.child(e.getValue());
            if (!src.exists() || src.isDirectory()) {
                throw new IOException("No such file to archive: " + src.getRemote());
            }
            FilePath dst = dir.child(e.getKey());
            dst.getParent().mkdirs();
            src.copyTo(dst);
        }
    }

    @Override
    public VirtualFile root() {
        return VirtualFile.forFile(build.getArtifactsDir());
    }

    @Override
    public final boolean delete() throws IOException, InterruptedException {
        FilePath dir = new FilePath(build.getArtifactsDir());
        if (!dir.exists()) {
            return false;
        }
        dir.deleteRecursive();
        return true;
    }
}
