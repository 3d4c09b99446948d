package io.jenkins.plugins.stubs;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.FilePath;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import jenkins.MasterToSlaveFileCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePathTest {
    @TempDir
    Path tmp;

    @Test
    void worksOnRealDirectories() throws Exception {
        FilePath ws = new FilePath(tmp.toFile());
        FilePath out = ws.child("outputs/model_0");
        out.mkdirs();
        out.child("weights.bin").write("w", "UTF-8");
        out.child("sub/log.txt").write("l", "UTF-8");
        out.child(".git/config").write("x", "UTF-8");
        assertThat(out.exists()).isTrue();
        assertThat(out.isDirectory()).isTrue();
        assertThat(out.child("weights.bin").readToString()).isEqualTo("w");
        assertThat(out.child("weights.bin").length()).isEqualTo(1);
        assertThat(out.getName()).isEqualTo("model_0");
        assertThat(out.getParent().getRemote()).isEqualTo(tmp.resolve("outputs").toString());
        assertThat(out.child("../model_0").getRemote()).isEqualTo(out.getRemote());
        assertThat(out.list()).extracting(FilePath::getName).containsExactly(".git", "sub", "weights.bin");
        assertThat(Arrays.stream(out.list("**/*")).map(f -> f.getRemote().substring(out.getRemote().length() + 1)))
                .containsExactly("sub/log.txt", "weights.bin");
        assertThat(out.list("*.bin")).hasSize(1);
        assertThat(out.list("**/*.txt, *.bin", "sub/")).extracting(FilePath::getName).containsExactly("weights.bin");

        FilePath copy = ws.child("copy");
        assertThat(out.copyRecursiveTo(copy)).isEqualTo(2);
        assertThat(Files.readString(tmp.resolve("copy/sub/log.txt"))).isEqualTo("l");

        String viaAct = out.act(new MasterToSlaveFileCallable<String>() {
            private static final long serialVersionUID = 1L;

            @Override
            public String invoke(File f, VirtualChannel channel) throws IOException {
                assertThat(channel).isSameAs(FilePath.localChannel);
                return Files.readString(f.toPath().resolve("weights.bin"), StandardCharsets.UTF_8);
            }
        });
        assertThat(viaAct).isEqualTo("w");

        out.deleteRecursive();
        assertThat(out.exists()).isFalse();
        assertThat(ws.child("rel").absolutize().getRemote()).isEqualTo(tmp.resolve("rel").toAbsolutePath().toString());
        assertThat(ws.isRemote()).isFalse();
        assertThat(new FilePath(FilePath.localChannel, tmp.toString())).isEqualTo(ws);
    }

    @Test
    void copiesStreams() throws Exception {
        FilePath f = new FilePath(tmp.toFile()).child("a/b.txt");
        f.copyFrom(new java.io.ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));
        FilePath g = new FilePath(tmp.toFile()).child("c.txt");
        g.copyFrom(f);
        assertThat(g.readToString()).isEqualTo("hello");
        assertThat(g.digest()).isEqualTo("5d41402abc4b2a76b9719d911017c592");
    }
}
