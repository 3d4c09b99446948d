package io.modelarts.train.output;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ArchiveGlobTest {

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "**/*.pt          | model.pt            | true",
            "**/*.pt          | ckpt/e1/model.pt    | true",
            "**/*.pt          | model.pth           | false",
            "*.pt             | ckpt/model.pt       | false",
            "*.pt             | model.pt            | true",
            "model/**         | model/a/b.bin       | true",
            "model/**         | modelx/a.bin        | false",
            "model/           | model/a.bin         | true",
            "/model/**        | model/a.bin         | true",
            "ckpt/**/best.pt  | ckpt/best.pt        | true",
            "ckpt/**/best.pt  | ckpt/a/b/best.pt    | true",
            "e?.log           | e1.log              | true",
            "e?.log           | e10.log             | false",
            "'*.{pt,json}'    | cfg.json            | true",
            "'*.{pt,json}'    | cfg.yaml            | false",
            "'**/*.pt, logs/**' | logs/w0.txt       | true",
            "'**/*.pt, logs/**' | out/w0.txt        | false",
            "a.b              | axb                 | false",
            "''               | anything/at/all     | true",
    })
    void matchesLikeJenkinsArchiving(String glob, String path, boolean kept) {
        assertThat(ArchiveGlob.compile(glob).test(path)).isEqualTo(kept);
    }

    @org.junit.jupiter.api.Test
    void nullKeepsEverything() {
        assertThat(ArchiveGlob.compile(null).test("x/y/z")).isTrue();
    }
}
