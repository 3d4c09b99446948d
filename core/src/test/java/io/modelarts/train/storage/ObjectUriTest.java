package io.modelarts.train.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectUriTest {

    @Test
    void obsAndS3AreTheSameLocation() {
        ObjectUri obs = ObjectUri.parse("obs://bucket/training-test/demo-code");
        ObjectUri s3 = ObjectUri.parse("s3://bucket/training-test/demo-code");

        assertThat(obs).isEqualTo(s3).hasSameHashCodeAs(s3);
        assertThat(obs.bucket()).isEqualTo("bucket");
        assertThat(obs.key()).isEqualTo("training-test/demo-code");
        assertThat(s3).hasToString("obs://bucket/training-test/demo-code");
    }

    @Test
    void aBucketAloneOrAFolderIsALocationToo() {
        assertThat(ObjectUri.parse("obs://bucket").key()).isEmpty();
        assertThat(ObjectUri.parse("obs://bucket/").key()).isEmpty();
        ObjectUri folder = ObjectUri.parse("obs://bucket/output/");
        assertThat(folder.isFolder()).isTrue();
        assertThat(folder.name()).isEqualTo("output");
        assertThat(ObjectUri.parse("obs://bucket/output").folderPrefix()).isEqualTo("output/");
    }

    @Test
    void resolvesRelativePaths() {
        assertThat(ObjectUri.parse("obs://bucket/out").resolve("a/x.pt")).hasToString("obs://bucket/out/a/x.pt");
        assertThat(ObjectUri.parse("obs://bucket/out/").resolve("x.pt")).hasToString("obs://bucket/out/x.pt");
        assertThat(ObjectUri.parse("obs://bucket").resolve("x.pt")).hasToString("obs://bucket/x.pt");
        assertThatThrownBy(() -> ObjectUri.parse("obs://bucket/out").resolve("../x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'..'");
        assertThatThrownBy(() -> ObjectUri.parse("obs://bucket/out").resolve("/etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute");
    }

    @Test
    void knowsObjectLocationsFromLocalPaths() {
        assertThat(ObjectUri.isObjectUri("obs://b/k")).isTrue();
        assertThat(ObjectUri.isObjectUri("S3://b/k")).isTrue();
        assertThat(ObjectUri.isObjectUri("/bucket/key")).isFalse();
        assertThat(ObjectUri.isObjectUri("./code")).isFalse();
        assertThat(ObjectUri.isObjectUri(null)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/bucket/key | not an object location",
            "https://bucket/key | not an object location",
            "obs:// | the bucket name is missing",
            "obs://ab/key | must be 3 to 63 characters long",
            "obs://Bucket/key | must use lowercase letters",
            "obs://-bucket/key | start and end with a letter or digit",
            "obs://my_bucket/key | must use lowercase letters",
            "obs://a..b/key | must not have '..'",
            "obs://192.168.1.1/key | must not look like an IP address",
            "obs://bucket/a//b | empty segment",
            "obs://bucket//a | empty segment",
            "obs://bucket/a/../b | '..' segment",
            "obs://bucket/a/./b | '.' segment",
            "obs://bucket/a\\b | backslash",
    })
    void explainsWhatIsWrong(String uri, String expected) {
        assertThat(ObjectUri.problemWith(uri)).contains(expected);
        assertThatThrownBy(() -> ObjectUri.parse(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"obs://bucket/key", "s3://my.bucket-1/a/b/c.txt", "obs://abc/", "obs://abc"})
    void acceptsValidLocations(String uri) {
        assertThat(ObjectUri.problemWith(uri)).isNull();
    }

    @Test
    void anEmptyLocationIsAProblem() {
        assertThat(ObjectUri.problemWith("")).contains("required");
        assertThat(ObjectUri.problemWith(null)).contains("required");
    }

    @Test
    void keysLongerThanTheStoreAllowsAreRefused() {
        assertThat(ObjectUri.problemWith("obs://bucket/" + "k".repeat(1025))).contains("longer than 1024 bytes");
    }
}
