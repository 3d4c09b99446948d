package io.modelarts.train.validation;

import io.modelarts.train.rules.CodeDirLimits;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.rules.Problems;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.modelarts.train.validation.TestJobs.about;
import static io.modelarts.train.validation.TestJobs.check;
import static io.modelarts.train.validation.TestJobs.checkLocal;
import static io.modelarts.train.validation.TestJobs.customJob;
import static io.modelarts.train.validation.TestJobs.customJobOn;
import static io.modelarts.train.validation.TestJobs.remove;
import static io.modelarts.train.validation.TestJobs.repeat;
import static io.modelarts.train.validation.TestJobs.set;
import static io.modelarts.train.validation.TestJobs.withCatalog;
import static org.assertj.core.api.Assertions.assertThat;

/** One test (or parameterized row) per side of every boundary; each asserts the field path and the message. */
class JobValidatorTest {

    static final String NAME_RULE = "must be 1-64 characters of letters, digits, '-' and '_'";

    static void assertOnly(Problems problems, Problem expected) {
        assertThat(problems.all()).containsExactly(expected);
    }

    static void assertValid(Problems problems) {
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void theBaseJobsAreValid() {
        assertValid(checkLocal(customJob()));
        assertValid(check(customJobOn("gpu-pool", "GPU", "gpu-1x"), withCatalog()));
        assertValid(check(customJobOn("public-pool", "CPU", "cpu-8u"), withCatalog()));
    }

    @Test
    void aNullSpecIsOneProblemNotAnException() {
        assertThat(JobValidator.validate(null, ValidationContext.local()))
                .containsExactly(Problem.error("", "there is no job definition to check"));
    }

    @Nested
    class Name {
        @Test
        void sixtyFourCharactersAreFine() {
            assertValid(checkLocal(set(customJob(), "name", repeat('a', 64))));
        }

        @Test
        void sixtyFiveCharactersAreTooMany() {
            assertOnly(checkLocal(set(customJob(), "name", repeat('a', 65))),
                    Problem.error("name", NAME_RULE + " (got 65 characters)"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"a", "A", "0", "-", "_", "job_1-A"})
        void lettersDigitsDashAndUnderscore(String name) {
            assertValid(checkLocal(set(customJob(), "name", name)));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "my job|found ' ' at position 3",
                "jöb|found 'ö' (U+00F6) at position 2",
                "a.b|found '.' at position 2",
                "a/b|found '/' at position 2",
                "😀|found '😀' (U+1F600) at position 1"})
        void otherCharactersAreNamed(String name, String found) {
            assertOnly(checkLocal(set(customJob(), "name", name)), Problem.error("name", NAME_RULE + " (" + found + ")"));
        }

        @Test
        void controlCharactersAreShownAsCodePoints() {
            assertOnly(checkLocal(set(customJob(), "name", "a\tb")), Problem.error("name", NAME_RULE + " (found U+0009 at position 2)"));
        }

        @Test
        void anExplicitEmptyNameIsAnError() {
            assertOnly(checkLocal(set(customJob(), "name", "")), Problem.error("name",
                    "must not be empty: 1-64 characters of letters, digits, '-' and '_', or leave the key out to get a generated name"));
        }

        @Test
        void anAbsentNameIsGeneratedAndValid() {
            assertValid(checkLocal(remove(customJob(), "name")));
        }

        @Test
        void aWrongTypeIsReportedOnceByTheLoader() {
            assertOnly(checkLocal(set(customJob(), "name", List.of("x"))), Problem.error("name", "must be text, not a list"));
        }
    }

    @Nested
    class Description {
        @Test
        void twoHundredFiftySixCharactersAreFine() {
            assertValid(checkLocal(set(customJob(), "description", repeat('d', 256))));
        }

        @Test
        void twoHundredFiftySevenAreTooMany() {
            assertOnly(checkLocal(set(customJob(), "description", repeat('d', 257))),
                    Problem.error("description", "must be at most 256 characters (got 257)"));
        }

        @Test
        void charactersAreCountedAsPeopleCountThem() {
            assertValid(checkLocal(set(customJob(), "description", "😀".repeat(256))));
            assertOnly(checkLocal(set(customJob(), "description", "😀".repeat(257))),
                    Problem.error("description", "must be at most 256 characters (got 257)"));
        }

        @Test
        void lineBreaksAreAllowed() {
            assertValid(checkLocal(set(customJob(), "description", "line one\nline two")));
        }
    }

    @Nested
    class BootMode {
        @Test
        void requiredWhenNeitherImageNorEngineTellsIt() {
            Map<String, Object> job = customJob();
            remove(job, "algorithm.bootMode");
            remove(job, "algorithm.image");
            assertOnly(checkLocal(job), Problem.error("algorithm.bootMode",
                    "is required: customImage (with image and bootCommand) or presetImage (with engine and bootFile)"));
        }

        @Test
        void inferredFromTheImage() {
            assertValid(checkLocal(remove(customJob(), "algorithm.bootMode")));
        }

        @Test
        void anUnknownModeIsReportedOnce() {
            assertOnly(checkLocal(set(customJob(), "algorithm.bootMode", "docker")),
                    Problem.error("algorithm.bootMode", "must be customImage or presetImage, not 'docker'"));
        }

        @Test
        void aMissingAlgorithmIsReportedOnce() {
            assertOnly(checkLocal(remove(customJob(), "algorithm")), Problem.error("algorithm",
                    "is required: bootMode with image and bootCommand (customImage), or engine and bootFile (presetImage)"));
        }
    }

    @Nested
    class CustomImage {
        @Test
        void needsAnImage() {
            Map<String, Object> job = remove(customJob(), "algorithm.image");
            set(job, "algorithm.bootMode", "customImage");
            assertOnly(checkLocal(job), Problem.error("algorithm.image",
                    "is required for bootMode customImage: an image reference such as registry.example.com/team/pytorch:2.3"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"pytorch", "pytorch:2.3", "team/pytorch:2.3", "localhost:5000/team/pytorch",
                "registry.example.com/team/py_torch-x:2.3.1-cuda12",
                "registry.example.com/team/pytorch@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
        void acceptsImageReferences(String image) {
            assertValid(checkLocal(set(customJob(), "algorithm.image", image)));
        }

        @ParameterizedTest
        @ValueSource(strings = {"registry.example.com/Team/PyTorch:2.3", "my image", "registry.example.com/team/pytorch:", ":2.3"})
        void refusesMalformedImages(String image) {
            assertOnly(checkLocal(set(customJob(), "algorithm.image", image)), Problem.error("algorithm.image",
                    "must be an image reference [registry/]repository[:tag][@digest] with a lowercase repository,"
                            + " such as registry.example.com/team/pytorch:2.3 (got '" + image + "')"));
        }

        @Test
        void imageReferencesAreAtMost255Characters() {
            String ok = "r/" + repeat('a', 253);
            assertValid(checkLocal(set(customJob(), "algorithm.image", ok)));
            assertOnly(checkLocal(set(customJob(), "algorithm.image", ok + "a")),
                    Problem.error("algorithm.image", "must be at most 255 characters (got 256)"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   "})
        void needsABootCommand(String command) {
            assertOnly(checkLocal(set(customJob(), "algorithm.bootCommand", command)), Problem.error("algorithm.bootCommand",
                    "is required for bootMode customImage: one line such as python ${MA_JOB_DIR}/demo-code/train.py"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"cd /x; python a.py", "pip install -r r.txt && python a.py", "bash ${MA_JOB_DIR}/demo-code/main.sh",
                "python a.py\t--x=1"})
        void semicolonsAndAmpersandsJoinCommands(String command) {
            assertValid(checkLocal(set(customJob(), "algorithm.bootCommand", command)));
        }

        @ParameterizedTest
        @ValueSource(strings = {"python a.py\npython b.py", "python a.py\r\n", "python a.py\r"})
        void lineBreaksAreNotSupported(String command) {
            assertOnly(checkLocal(set(customJob(), "algorithm.bootCommand", command)), Problem.error("algorithm.bootCommand",
                    "must be one line: line breaks are not supported (join commands with ';' or '&&')"));
        }

        @Test
        void otherControlCharactersAreRefused() {
            assertOnly(checkLocal(set(customJob(), "algorithm.bootCommand", "python\u0000a.py")),
                    Problem.error("algorithm.bootCommand", "must not contain control characters (found U+0000)"));
        }

        @Test
        void engineAndBootFileAreIgnoredWithAWarning() {
            Map<String, Object> job = set(customJob(), "algorithm.engine", "pytorch-2.3");
            set(job, "algorithm.bootFile", "train.py");
            set(job, "algorithm.bootMode", "customImage");
            assertThat(checkLocal(job).all()).containsExactly(
                    Problem.warning("algorithm.engine", "is ignored with bootMode customImage (the image runs as given)"),
                    Problem.warning("algorithm.bootFile", "is ignored with bootMode customImage (the bootCommand starts the training)"));
        }
    }

    @Nested
    class PresetImage {
        Map<String, Object> presetJob(String codeDir) {
            Map<String, Object> job = customJob();
            Map<String, Object> algorithm = new LinkedHashMap<>();
            algorithm.put("bootMode", "presetImage");
            algorithm.put("engine", "pytorch-2.3");
            algorithm.put("codeDir", codeDir);
            algorithm.put("bootFile", "train.py");
            job.put("algorithm", algorithm);
            return job;
        }

        @Test
        void aValidPresetJob(@TempDir Path dir) throws IOException {
            Files.writeString(dir.resolve("train.py"), "print(1)");
            assertValid(checkLocal(presetJob(dir.toString())));
            Map<String, Object> onPool = presetJob(dir.toString());
            onPool.put("resources", Map.of("pool", "gpu-pool", "type", "GPU", "flavor", "gpu-1x"));
            assertValid(check(onPool, withCatalog()));
        }

        @Test
        void withoutACatalogAnyEngineNameIsFine() {
            assertValid(checkLocal(set(presetJob("obs://bucket/code"), "algorithm.engine", "whatever-1.0")));
        }

        @Test
        void needsAnEngineAndListsThePoolsEngines() {
            Map<String, Object> job = presetJob("obs://bucket/code");
            remove(job, "algorithm.engine");
            job.put("resources", Map.of("pool", "gpu-pool", "type", "GPU", "flavor", "gpu-1x"));
            assertOnly(check(job, withCatalog()), Problem.error("algorithm.engine",
                    "is required for bootMode presetImage: an engine named in the pool catalog; its engines: pytorch-2.3, tensorflow-2.15"));
        }

        @Test
        void anEngineUnknownToThePool() {
            Map<String, Object> job = set(presetJob("obs://bucket/code"), "algorithm.engine", "tensorflow-2.15");
            job.put("resources", Map.of("pool", "public-pool", "type", "CPU", "flavor", "cpu-8u"));
            assertOnly(check(job, withCatalog()), Problem.error("algorithm.engine",
                    "engine 'tensorflow-2.15' is not offered by public pool 'public-pool'; its engines: pytorch-2.3"));
        }

        @Test
        void aPoolWithoutEngines() {
            Map<String, Object> job = presetJob("obs://bucket/code");
            job.put("resources", Map.of("pool", "empty-pool", "type", "GPU", "flavor", "x"));
            assertThat(about(check(job, withCatalog()), "algorithm.engine")).containsExactly(Problem.error("algorithm.engine",
                    "engine 'pytorch-2.3' is not offered by dedicated pool 'empty-pool'; pool 'empty-pool' has no engines"));
        }

        @Test
        void needsABootFile() {
            assertOnly(checkLocal(remove(presetJob("obs://bucket/code"), "algorithm.bootFile")), Problem.error("algorithm.bootFile",
                    "is required for bootMode presetImage: a .py file in algorithm.codeDir, such as train.py"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"train.sh", "train.PY", "train", "train.py.bak"})
        void theBootFileIsAPythonFile(String file) {
            assertOnly(checkLocal(set(presetJob("obs://bucket/code"), "algorithm.bootFile", file)),
                    Problem.error("algorithm.bootFile", "must be a Python file ending in .py (got '" + file + "')"));
        }

        @Test
        void theBootFileStaysInsideTheCodeDirectory() {
            assertOnly(checkLocal(set(presetJob("obs://bucket/code"), "algorithm.bootFile", "../other/train.py")),
                    Problem.error("algorithm.bootFile", "must stay inside algorithm.codeDir: no '..' segments (got '../other/train.py')"));
        }

        @Test
        void anObjectPathBootFileInsideTheCodeDirGetsTheRelativeForm() {
            assertOnly(checkLocal(set(presetJob("obs://bucket/code/"), "algorithm.bootFile", "obs://bucket/code/sub/train.py")),
                    Problem.error("algorithm.bootFile", "must be relative to algorithm.codeDir: write 'sub/train.py'"));
            assertOnly(checkLocal(set(presetJob("obs://bucket/code/"), "algorithm.bootFile", "obs://bucket/other/train.py")),
                    Problem.error("algorithm.bootFile", "must be a path relative to algorithm.codeDir, such as train.py (got 'obs://bucket/other/train.py')"));
        }

        @Test
        void anAbsoluteBootFileMustBeInsideTheLocalCodeDir() {
            assertValid(checkLocal(set(presetJob("obs://bucket/code"), "algorithm.bootFile",
                    "/home/ma-user/modelarts/user-job-dir/code/train.py")));
            assertOnly(checkLocal(set(presetJob("obs://bucket/code"), "algorithm.bootFile", "/opt/train.py")),
                    Problem.error("algorithm.bootFile", "must be relative to algorithm.codeDir (like train.py), or an absolute path inside"
                            + " algorithm.localCodeDir /home/ma-user/modelarts/user-job-dir (got '/opt/train.py')"));
        }

        @Test
        void theBootFileMustExistInALocalCodeDir(@TempDir Path dir) throws IOException {
            assertOnly(checkLocal(presetJob(dir.toString())),
                    Problem.error("algorithm.bootFile", "'train.py' does not exist in the code directory " + dir));
            Files.createDirectories(dir.resolve("train.py"));
            assertOnly(checkLocal(presetJob(dir.toString())),
                    Problem.error("algorithm.bootFile", "'train.py' is a folder in the code directory " + dir + ", not a .py file"));
        }

        @Test
        void anAbsoluteBootFileIsLookedUpInTheLocalCodeDir(@TempDir Path dir) throws IOException {
            Path code = Files.createDirectories(dir.resolve("demo-code"));
            Files.writeString(code.resolve("main.py"), "");
            String absolute = "/home/ma-user/modelarts/user-job-dir/demo-code/";
            assertValid(checkLocal(set(presetJob(code.toString()), "algorithm.bootFile", absolute + "main.py")));
            assertOnly(checkLocal(set(presetJob(code.toString()), "algorithm.bootFile", absolute + "other.py")),
                    Problem.error("algorithm.bootFile", "'other.py' does not exist in the code directory " + code));
        }

        @Test
        void noFileChecksWhenLocalFilesAreNotChecked(@TempDir Path dir) {
            assertValid(check(presetJob(dir.resolve("missing").toString()), ValidationContext.local().withoutLocalFileChecks()));
        }

        @Test
        void needsACodeDir() {
            assertOnly(checkLocal(remove(presetJob("obs://bucket/code"), "algorithm.codeDir")), Problem.error("algorithm.codeDir",
                    "is required for bootMode presetImage: the folder that holds the boot file (obs://, s3:// or a local directory)"));
            assertOnly(checkLocal(presetJob("")), Problem.error("algorithm.codeDir",
                    "is required for bootMode presetImage: the folder that holds the boot file (obs://, s3:// or a local directory)"));
        }

        @Test
        void imageAndBootCommandAreIgnoredWithAWarning() {
            Map<String, Object> job = set(presetJob("obs://bucket/code"), "algorithm.image", "x/y:1");
            set(job, "algorithm.bootCommand", "python x.py");
            assertThat(checkLocal(job).all()).containsExactly(
                    Problem.warning("algorithm.image", "is ignored with bootMode presetImage (the engine's image runs)"),
                    Problem.warning("algorithm.bootCommand", "is ignored with bootMode presetImage (the bootFile is run with python)"));
        }
    }

    @Nested
    class CodeDir {
        @TempDir
        Path dir;

        Problems checkCode(Path code, CodeDirLimits limits) {
            return check(set(customJob(), "algorithm.codeDir", code.toString()), ValidationContext.local().withCodeDirLimits(limits));
        }

        @Test
        void aThousandFilesAreFineAThousandAndOneAreNot() throws IOException {
            for (int i = 0; i < 1000; i++) {
                Files.createFile(dir.resolve("f" + i));
            }
            assertValid(checkCode(dir, CodeDirLimits.DEFAULT));
            Files.createFile(dir.resolve("one-more"));
            assertOnly(checkCode(dir, CodeDirLimits.DEFAULT), Problem.error("algorithm.codeDir",
                    "must have at most 1,000 files (found more in " + dir + "; symbolic links are counted, not followed)"));
        }

        @Test
        void theTotalSizeIsLimited() {
            TestJobs.write(dir.resolve("a/b.bin"), 60);
            TestJobs.write(dir.resolve("c.bin"), 40);
            CodeDirLimits limits = new CodeDirLimits(100, 1000, 32);
            assertValid(checkCode(dir, limits));
            TestJobs.write(dir.resolve("d.bin"), 1);
            assertOnly(checkCode(dir, limits), Problem.error("algorithm.codeDir",
                    "must be at most 100 bytes in total (found more than 101 bytes in " + dir + ")"));
        }

        @Test
        void theDefaultSizeLimitIsFiveGigabytes() {
            assertThat(CodeDirLimits.DEFAULT).isEqualTo(new CodeDirLimits(5_000_000_000L, 1000, 32));
        }

        @Test
        void foldersNestAtMost32Levels() throws IOException {
            Path deep = dir;
            for (int i = 1; i <= 32; i++) {
                deep = deep.resolve("d" + i);
            }
            Files.createDirectories(deep);
            Files.createFile(deep.resolve("leaf.py"));
            assertValid(checkCode(dir, CodeDirLimits.DEFAULT));
            Files.createDirectories(deep.resolve("d33"));
            Problems problems = checkCode(dir, CodeDirLimits.DEFAULT);
            assertThat(problems.all()).hasSize(1);
            assertThat(problems.all().get(0).field()).isEqualTo("algorithm.codeDir");
            String tooDeep = dir.relativize(deep.resolve("d33")).toString();
            assertThat(problems.all().get(0).message()).isEqualTo("must have folders nested at most 32 levels deep (found '"
                    + tooDeep.substring(0, 60) + "...' (" + tooDeep.length() + " characters))");
        }

        @Test
        void limitsAreConfigurable() throws IOException {
            Files.createDirectories(dir.resolve("a/b"));
            Files.createFile(dir.resolve("a/b/x"));
            Files.createFile(dir.resolve("y"));
            assertValid(checkCode(dir, new CodeDirLimits(10, 2, 2)));
            assertOnly(checkCode(dir, new CodeDirLimits(10, 1, 2)), Problem.error("algorithm.codeDir",
                    "must have at most 1 files (found more in " + dir + "; symbolic links are counted, not followed)"));
            assertOnly(checkCode(dir, new CodeDirLimits(10, 2, 1)), Problem.error("algorithm.codeDir",
                    "must have folders nested at most 1 levels deep (found 'a/b')"));
        }

        @Test
        void symbolicLinksAreCountedNotFollowed() throws IOException {
            Path big = Files.createDirectories(dir.resolve("big"));
            for (int i = 0; i < 5; i++) {
                Files.createFile(big.resolve("f" + i));
            }
            Path code = Files.createDirectories(dir.resolve("code"));
            Files.createSymbolicLink(code.resolve("link-to-big"), big);
            Files.createSymbolicLink(code.resolve("loop"), code);
            assertValid(checkCode(code, new CodeDirLimits(1000, 2, 32)));
        }

        @Test
        void aLinkedCodeDirIsEnteredItself() throws IOException {
            Path real = Files.createDirectories(dir.resolve("real"));
            Files.createFile(real.resolve("a"));
            Files.createFile(real.resolve("b"));
            Path link = Files.createSymbolicLink(dir.resolve("link"), real);
            assertOnly(checkCode(link, new CodeDirLimits(1000, 1, 32)), Problem.error("algorithm.codeDir",
                    "must have at most 1 files (found more in " + link + "; symbolic links are counted, not followed)"));
        }

        @Test
        void aMissingOrNonDirectoryCodeDir() throws IOException {
            assertOnly(checkCode(dir.resolve("missing"), CodeDirLimits.DEFAULT),
                    Problem.error("algorithm.codeDir", "local directory " + dir.resolve("missing") + " does not exist"));
            Path file = Files.createFile(dir.resolve("file"));
            assertOnly(checkCode(file, CodeDirLimits.DEFAULT), Problem.error("algorithm.codeDir", file + " is not a directory"));
        }

        @Test
        void objectPathsAreCheckedForForm() {
            assertOnly(checkLocal(set(customJob(), "algorithm.codeDir", "obs://B/code")), Problem.error("algorithm.codeDir",
                    "bucket name 'B' must be 3-63 characters (got 1)"));
            assertOnly(checkLocal(set(customJob(), "algorithm.codeDir", "oss://bucket/code")), Problem.error("algorithm.codeDir",
                    "uses the unsupported scheme 'oss://'; use obs://, s3:// or a local directory"));
            assertOnly(checkLocal(set(customJob(), "algorithm.codeDir", "")), Problem.error("algorithm.codeDir",
                    "must not be empty: an obs:// or s3:// folder, or a local directory (or leave the key out)"));
        }

        @Test
        void aPathWithANulCharacterIsNotALocalPath() {
            Problems problems = checkLocal(set(customJob(), "algorithm.codeDir", "/tmp/a\u0000b"));
            assertThat(problems.all()).containsExactly(Problem.error("algorithm.codeDir", "is not a valid local path (NUL character)"));
        }
    }

    @Nested
    class UserId {
        @ParameterizedTest
        @CsvSource({"public-pool,CPU,cpu-8u,1000", "public-pool,CPU,cpu-8u,65535", "gpu-pool,GPU,gpu-1x,0", "gpu-pool,GPU,gpu-1x,65535"})
        void inRange(String pool, String type, String flavor, int uid) {
            assertValid(check(set(customJobOn(pool, type, flavor), "algorithm.userId", uid), withCatalog()));
        }

        @ParameterizedTest
        @ValueSource(ints = {-1, 999, 65536})
        void publicPoolAllows1000To65535(int uid) {
            assertOnly(check(set(customJobOn("public-pool", "CPU", "cpu-8u"), "algorithm.userId", uid), withCatalog()),
                    Problem.error("algorithm.userId", "must be 1000-65535 on public pool 'public-pool' (got " + uid + ")"));
        }

        @ParameterizedTest
        @ValueSource(ints = {-1, 65536})
        void dedicatedPoolAllows0To65535(int uid) {
            assertOnly(check(set(customJobOn("gpu-pool", "GPU", "gpu-1x"), "algorithm.userId", uid), withCatalog()),
                    Problem.error("algorithm.userId", "must be 0-65535 on dedicated pool 'gpu-pool' (got " + uid + ")"));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 999, 1000, 65535})
        void withoutACatalogTheDedicatedRangeApplies(int uid) {
            assertValid(checkLocal(set(customJob(), "algorithm.userId", uid)));
        }

        @ParameterizedTest
        @ValueSource(ints = {-1, 65536})
        void withoutACatalogOutsideTheRange(int uid) {
            assertOnly(checkLocal(set(customJob(), "algorithm.userId", uid)),
                    Problem.error("algorithm.userId", "must be 0-65535 (got " + uid + ")"));
        }
    }

    @Nested
    class Directories {
        @ParameterizedTest
        @ValueSource(strings = {"/home/ma-user/modelarts/user-job-dir", "/home/me/code/", "/home/x"})
        void localCodeDirUnderHome(String dir) {
            assertValid(checkLocal(set(customJob(), "algorithm.localCodeDir", dir)));
        }

        @ParameterizedTest
        @ValueSource(strings = {"/opt/code", "/home", "/homework/x"})
        void localCodeDirElsewhere(String dir) {
            assertOnly(checkLocal(set(customJob(), "algorithm.localCodeDir", dir)), Problem.error("algorithm.localCodeDir",
                    "must be a folder under /home, such as /home/ma-user/modelarts/user-job-dir (got '" + dir + "')"));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "home/ma-user|must be an absolute path starting with '/' (got 'home/ma-user')",
                "/home/../etc|must be a normalized path without empty, '.' or '..' segments (got '/home/../etc')",
                "/home/./x|must be a normalized path without empty, '.' or '..' segments (got '/home/./x')",
                "/home//x|must be a normalized path without empty, '.' or '..' segments (got '/home//x')"})
        void localCodeDirMustBeAbsoluteAndNormalized(String dir, String message) {
            assertOnly(checkLocal(set(customJob(), "algorithm.localCodeDir", dir)), Problem.error("algorithm.localCodeDir", message));
        }

        @Test
        void workDirMustBeAbsolute() {
            assertValid(checkLocal(set(customJob(), "algorithm.workDir", "/opt/work")));
            assertOnly(checkLocal(set(customJob(), "algorithm.workDir", "work")),
                    Problem.error("algorithm.workDir", "must be an absolute path starting with '/' (got 'work')"));
            assertOnly(checkLocal(set(customJob(), "algorithm.workDir", "/a/../b")), Problem.error("algorithm.workDir",
                    "must be a normalized path without empty, '.' or '..' segments (got '/a/../b')"));
        }
    }

    @Nested
    class Channels {
        @Test
        void defaultNamesAreDataUrlAndTrainUrl() {
            assertValid(checkLocal(customJob()));
        }

        @Test
        void namesUpTo64Characters() {
            assertValid(checkLocal(set(customJob(), "inputs[0].name", repeat('i', 64))));
            assertOnly(checkLocal(set(customJob(), "inputs[0].name", repeat('i', 65))),
                    Problem.error("inputs[0].name", NAME_RULE + " (got 65 characters)"));
            assertOnly(checkLocal(set(customJob(), "outputs[0].name", "a b")),
                    Problem.error("outputs[0].name", NAME_RULE + " (found ' ' at position 2)"));
            assertOnly(checkLocal(set(customJob(), "outputs[0].name", "")),
                    Problem.error("outputs[0].name", NAME_RULE + " (got an empty name)"));
        }

        @Test
        void namesAreUniqueAcrossInputsAndOutputs() {
            Map<String, Object> job = customJob();
            set(job, "inputs[1].dataPath", "obs://bucket/more/");
            assertOnly(checkLocal(job), Problem.error("inputs[1].name",
                    "'data_url' is already used by inputs[0].name; names must be unique across inputs and outputs"));
            job = set(customJob(), "outputs[0].name", "data_url");
            assertOnly(checkLocal(job), Problem.error("outputs[0].name",
                    "'data_url' is already used by inputs[0].name; names must be unique across inputs and outputs"));
        }

        @Test
        void obtainedFromEnvironmentNeedsAVariableName() {
            Map<String, Object> job = set(customJob(), "inputs[0].obtainedFrom", "environment");
            assertValid(checkLocal(job));
            set(job, "inputs[0].name", "data-url");
            assertOnly(checkLocal(job), Problem.error("inputs[0].name", "is passed as an environment variable (obtainedFrom: environment),"
                    + " so it must start with a letter or '_' and use only letters, digits and '_' (got 'data-url')"));
        }

        @Test
        void obtainedFromEnvironmentMustNotCollideWithEnvironment() {
            Map<String, Object> job = set(customJob(), "inputs[0].obtainedFrom", "environment");
            set(job, "environment", new LinkedHashMap<>(Map.of("data_url", "x")));
            assertOnly(checkLocal(job), Problem.error("inputs[0].name",
                    "'data_url' is also set in environment; with obtainedFrom: environment this channel sets that variable to its local path"));
        }

        @Test
        void obtainedFromIsHyperparametersOrEnvironment() {
            assertOnly(checkLocal(set(customJob(), "outputs[0].obtainedFrom", "args")),
                    Problem.error("outputs[0].obtainedFrom", "must be hyperparameters or environment, not 'args'"));
        }

        @Test
        void dataPathIsRequired() {
            assertOnly(checkLocal(remove(customJob(), "inputs[0].dataPath")), Problem.error("inputs[0].dataPath",
                    "is required: an obs:// or s3:// path, or a local file or directory"));
            assertOnly(checkLocal(set(customJob(), "outputs[0].dataPath", " ")), Problem.error("outputs[0].dataPath",
                    "is required: an obs:// or s3:// folder, preferably empty"));
        }

        @Test
        void outputsAreObjectStorePaths() {
            assertOnly(checkLocal(set(customJob(), "outputs[0].dataPath", "/tmp/out")), Problem.error("outputs[0].dataPath",
                    "must be an obs:// or s3:// path: outputs are synchronized to the object store (got '/tmp/out')"));
            assertValid(checkLocal(set(customJob(), "outputs[0].dataPath", "s3://bucket/out")));
            assertValid(checkLocal(set(customJob(), "outputs[0].dataPath", "OBS://bucket/out")));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "obs://|has no bucket name: write obs://bucket/folder/",
                "obs:///key|has no bucket name: write obs://bucket/folder/",
                "obs://ab/x|bucket name 'ab' must be 3-63 characters (got 2)",
                "obs://Bad_Bucket/x|bucket name 'Bad_Bucket' must use lowercase letters, digits, '-' and '.', and start and end with a letter or digit",
                "obs://-bucket/x|bucket name '-bucket' must use lowercase letters, digits, '-' and '.', and start and end with a letter or digit",
                "obs://bucket-/x|bucket name 'bucket-' must use lowercase letters, digits, '-' and '.', and start and end with a letter or digit",
                "obs://my..bucket/x|bucket name 'my..bucket' must not contain '..', '.-' or '-.'",
                "obs://192.168.1.1/x|bucket name '192.168.1.1' must not look like an IP address",
                "obs://bucket/a//b|object key must not have empty segments ('//')",
                "obs://bucket//a|object key must not have empty segments ('//')",
                "obs://bucket/a/../b|object key must not have '..' segments",
                "obs://bucket/a/./b|object key must not have '.' segments",
                "obs://bucket/a\\b|object key must not contain a backslash; separate folders with '/'",
                "obs://bucket/C:/data|object key must not start with a drive letter ('C:')",
                "obs://bucket/a\u0007b|object key must not contain control characters (found U+0007)",
                "' obs://bucket/a'|must not start or end with spaces (got ' obs://bucket/a')"})
        void objectPathsAreWellFormed(String path, String message) {
            assertOnly(checkLocal(set(customJob(), "outputs[0].dataPath", path)), Problem.error("outputs[0].dataPath", message));
            assertOnly(checkLocal(set(customJob(), "inputs[0].dataPath", path)), Problem.error("inputs[0].dataPath", message));
        }

        @Test
        void bucketNamesOf3And63CharactersAreFine() {
            assertValid(checkLocal(set(customJob(), "outputs[0].dataPath", "obs://abc/x")));
            assertValid(checkLocal(set(customJob(), "outputs[0].dataPath", "obs://" + repeat('b', 63) + "/x")));
            assertOnly(checkLocal(set(customJob(), "outputs[0].dataPath", "obs://" + repeat('b', 64) + "/x")),
                    Problem.error("outputs[0].dataPath", "bucket name '" + repeat('b', 60) + "...' (64 characters) must be 3-63 characters (got 64)"));
        }

        @Test
        void objectKeysAreAtMost1024Bytes() {
            assertValid(checkLocal(set(customJob(), "outputs[0].dataPath", "obs://bucket/" + repeat('k', 1024))));
            assertOnly(checkLocal(set(customJob(), "outputs[0].dataPath", "obs://bucket/" + repeat('k', 1025))),
                    Problem.error("outputs[0].dataPath", "object key must be at most 1,024 bytes (got 1,025)"));
        }

        @Test
        void localInputsMustExist(@TempDir Path dir) throws IOException {
            assertValid(checkLocal(set(customJob(), "inputs[0].dataPath", dir.toString())));
            Path file = Files.createFile(dir.resolve("data.csv"));
            assertValid(checkLocal(set(customJob(), "inputs[0].dataPath", file.toString())));
            assertOnly(checkLocal(set(customJob(), "inputs[0].dataPath", dir.resolve("nope").toString())),
                    Problem.error("inputs[0].dataPath", "local path " + dir.resolve("nope") + " does not exist"));
        }

        @Test
        void otherSchemesAreRefused() {
            assertOnly(checkLocal(set(customJob(), "inputs[0].dataPath", "https://example.com/data")),
                    Problem.error("inputs[0].dataPath", "uses the unsupported scheme 'https://'; use obs:// or s3:// or a local path"));
            assertOnly(checkLocal(set(customJob(), "outputs[0].dataPath", "hdfs://nn/out")),
                    Problem.error("outputs[0].dataPath", "uses the unsupported scheme 'hdfs://'; use obs:// or s3://"));
        }

        @Test
        void outputPathsMustNotOverlap() {
            Map<String, Object> job = customJob();
            set(job, "outputs[0].dataPath", "obs://bucket/out/");
            set(job, "outputs[1].name", "same");
            set(job, "outputs[1].dataPath", "s3://bucket/out");
            set(job, "outputs[2].name", "inner");
            set(job, "outputs[2].dataPath", "obs://bucket/out/model/");
            set(job, "outputs[3].name", "outer");
            set(job, "outputs[3].dataPath", "obs://other-bucket/a/b/");
            set(job, "outputs[4].name", "contains");
            set(job, "outputs[4].dataPath", "obs://other-bucket/a");
            set(job, "outputs[5].name", "sibling");
            set(job, "outputs[5].dataPath", "obs://other-bucket/ab/");
            assertThat(checkLocal(job).all()).containsExactly(
                    Problem.error("outputs[1].dataPath", "is the same location as outputs[0].dataPath; each output needs a folder of its own"),
                    Problem.error("outputs[2].dataPath", "lies inside outputs[0].dataPath (obs://bucket/out/); output paths of one job must not overlap"),
                    Problem.error("outputs[4].dataPath", "contains outputs[3].dataPath (obs://other-bucket/a/b/); output paths of one job must not overlap"));
        }
    }

    @Nested
    class Hyperparameters {
        @Test
        void namesUpTo64Characters() {
            assertValid(checkLocal(set(customJob(), "hyperparameters", Map.of(repeat('h', 64), "1"))));
            assertOnly(checkLocal(set(customJob(), "hyperparameters", Map.of(repeat('h', 65), "1"))),
                    Problem.error("hyperparameters." + repeat('h', 40) + "...", "name " + NAME_RULE + " (got 65 characters)"));
            assertOnly(checkLocal(set(customJob(), "hyperparameters", Map.of("learning.rate", "1"))),
                    Problem.error("hyperparameters.learning.rate", "name " + NAME_RULE + " (found '.' at position 9)"));
        }

        @Test
        void namesMustNotRepeatAChannelName() {
            assertOnly(checkLocal(set(customJob(), "hyperparameters", Map.of("train_url", "x"))),
                    Problem.error("hyperparameters.train_url", "'train_url' is already the name of outputs[0];"
                            + " a hyperparameter must not repeat an input or output name (both would be passed as --train_url)"));
        }

        @Test
        void theJenkinsListFormIsAccepted() {
            List<Object> list = new ArrayList<>();
            list.add(Map.of("name", "lr", "value", "0.1"));
            list.add(Map.of("name", "lr", "value", "0.2"));
            assertOnly(checkLocal(set(customJob(), "hyperparameters", list)),
                    Problem.error("hyperparameters[1].name", "'lr' is given twice"));
        }

        @Test
        void valuesAreText() {
            assertOnly(checkLocal(set(customJob(), "hyperparameters", Map.of("lr", List.of(1)))),
                    Problem.error("hyperparameters.lr", "must be a text value, not a list"));
        }
    }

    @Nested
    class Environment {
        Map<String, Object> withVariables(int n) {
            Map<String, Object> env = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                env.put("VAR_" + i, "v");
            }
            return set(customJob(), "environment", env);
        }

        @Test
        void atMost100Variables() {
            assertValid(checkLocal(withVariables(100)));
            assertOnly(checkLocal(withVariables(101)), Problem.error("environment", "must have at most 100 variables (got 101)"));
        }

        @Test
        void namesAtMost8192Characters() {
            assertValid(checkLocal(set(customJob(), "environment", Map.of(repeat('K', 8192), "v"))));
            assertOnly(checkLocal(set(customJob(), "environment", Map.of(repeat('K', 8193), "v"))),
                    Problem.error("environment." + repeat('K', 40) + "...", "name must be at most 8,192 characters (got 8,193)"));
        }

        @Test
        void valuesAtMost4096Characters() {
            assertValid(checkLocal(set(customJob(), "environment", Map.of("V", repeat('v', 4096)))));
            assertOnly(checkLocal(set(customJob(), "environment", Map.of("V", repeat('v', 4097)))),
                    Problem.error("environment.V", "value must be at most 4,096 characters (got 4,097)"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"A", "_", "a1", "_9_Z", "LOG_LEVEL"})
        void validNames(String name) {
            assertValid(checkLocal(set(customJob(), "environment", Map.of(name, "v"))));
        }

        @ParameterizedTest
        @ValueSource(strings = {"1ABC", "A-B", "A.B", "ÄB", "A B"})
        void namesOfLettersDigitsAndUnderscoreNotStartingWithADigit(String name) {
            assertOnly(checkLocal(set(customJob(), "environment", Map.of(name, "v"))),
                    Problem.error("environment." + name, "name must start with a letter or '_' and use only letters, digits and '_'"));
        }

        @Test
        void noDollarInNames() {
            assertOnly(checkLocal(set(customJob(), "environment", Map.of("A$B", "v"))),
                    Problem.error("environment.A$B", "name must not contain '$'"));
        }

        @Test
        void dollarIsFineInValues() {
            assertValid(checkLocal(set(customJob(), "environment", Map.of("P", "${MA_JOB_DIR}/x"))));
        }

        @ParameterizedTest
        @ValueSource(strings = {"MA_HOME", "MA_MOUNT_PATH", "MA_JOB_DIR", "MA_LOG_DIR", "MA_NUM_GPUS", "MA_NUM_HOSTS", "VC_TASK_INDEX",
                "VC_WORKER_NUM", "VC_WORKER_HOSTS", "MA_CURRENT_IP", "MA_TASK_NAME", "WORKSPACE", "MASTER_ADDR", "RANK"})
        void overridingAPresetVariableIsAWarning(String name) {
            Problems problems = checkLocal(set(customJob(), "environment", Map.of(name, "v")));
            assertOnly(problems, Problem.warning("environment." + name,
                    "overrides the preset variable " + name + ", which the platform sets for the training code"));
            assertThat(problems.hasErrors()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"MA_MY_SETTING", "VC_OTHER"})
        void otherReservedPrefixesAreAWarning(String name) {
            assertOnly(checkLocal(set(customJob(), "environment", Map.of(name, "v"))), Problem.warning("environment." + name,
                    "names starting with MA_ or VC_ are reserved for preset variables; choose another name"));
        }

        @Test
        void secretsAreAWarning() {
            assertOnly(checkLocal(set(customJob(), "environment", Map.of("DB_PASSWORD", "hunter2"))), Problem.warning(
                    "environment.DB_PASSWORD", "looks like a secret: environment values are stored in clear in the job definition;"
                            + " take it from a Kubernetes Secret with secretEnvironment: {DB_PASSWORD: <secret name>/<key>} instead"));
            assertValid(checkLocal(set(customJob(), "environment", Map.of("DB_PASSWORD", ""))));
        }

        @Test
        void aValueWithoutAValueIsALoaderError() {
            Map<String, Object> env = new LinkedHashMap<>();
            env.put("EMPTY", null);
            assertOnly(checkLocal(set(customJob(), "environment", env)),
                    Problem.error("environment.EMPTY", "has no value (write \"\" for an empty value)"));
        }

        @Test
        void aNameWithALineBreakStaysOnOneLine() {
            Problems problems = checkLocal(set(customJob(), "environment", Map.of("A\nB", "v")));
            assertOnly(problems, Problem.error("environment.A\\nB", "name must start with a letter or '_' and use only letters, digits and '_'"));
            assertThat(problems.describe()).hasLineCount(1);
        }
    }

    @Nested
    class AutoRestartAndStop {
        @ParameterizedTest
        @ValueSource(ints = {0, 1, 2, 3})
        void autoRestartOffOr1To3(int n) {
            assertValid(checkLocal(set(customJob(), "autoRestart", n)));
        }

        @ParameterizedTest
        @ValueSource(ints = {-1, 4, 100})
        void autoRestartOutOfRange(int n) {
            assertOnly(checkLocal(set(customJob(), "autoRestart", n)),
                    Problem.error("autoRestart", "must be 0 (off) or 1-3 restarts (got " + n + ")"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"1h", "2h", "4h", "6h", "1h", "3h", "72h", "1hour", "2hours", "12"})
        void autoStopPresetsAndCustomHours(String text) {
            assertValid(checkLocal(set(customJob(), "autoStop", text)));
        }

        @Test
        void autoStopAsANumberOfHours() {
            assertValid(checkLocal(set(customJob(), "autoStop", 72)));
            assertOnly(checkLocal(set(customJob(), "autoStop", 73)), Problem.error("autoStop",
                    "must be a whole number of hours: 1h, 2h, 4h, 6h, or a custom 1h-72h (got 73h)"));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {"0h|0h", "73h|73h", "1000h|1000h", "1.5h|'1.5h'", "90m|'90m'",
                "soon|'soon'", "-1h|'-1h'"})
        void autoStopOutOfRange(String text, String got) {
            assertOnly(checkLocal(set(customJob(), "autoStop", text)), Problem.error("autoStop",
                    "must be a whole number of hours: 1h, 2h, 4h, 6h, or a custom 1h-72h (got " + got + ")"));
        }

        @Test
        void autoStopAsAFraction() {
            assertOnly(checkLocal(set(customJob(), "autoStop", 1.5)), Problem.error("autoStop",
                    "must be a whole number of hours: 1h, 2h, 4h, 6h, or a custom 1h-72h (got '1.5')"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"off", "false"})
        void autoStopOff(String text) {
            assertValid(checkLocal(set(customJob(), "autoStop", text)));
            assertValid(checkLocal(set(customJob(), "autoStop", false)));
        }
    }

    @Nested
    class ResourcesRules {
        @Test
        void optionalWithoutACatalog() {
            assertValid(checkLocal(customJob()));
            assertValid(checkLocal(customJobOn("anything", "GPU", "whatever")));
        }

        @Test
        void requiredWithACatalog() {
            assertOnly(check(customJob(), withCatalog()), Problem.error("resources",
                    "is required with a pool catalog: pool, type and flavor (known pools: public-pool (public), gpu-pool (dedicated), empty-pool (dedicated))"));
        }

        @Test
        void thePoolMustExist() {
            assertOnly(check(customJobOn("nope", "GPU", "gpu-1x"), withCatalog()), Problem.error("resources.pool",
                    "pool 'nope' is not in the pool catalog; known pools: public-pool (public), gpu-pool (dedicated), empty-pool (dedicated)"));
            assertOnly(check(remove(customJobOn("nope", "GPU", "gpu-1x"), "resources.pool"), withCatalog()), Problem.error("resources.pool",
                    "is required: known pools: public-pool (public), gpu-pool (dedicated), empty-pool (dedicated)"));
        }

        @Test
        void theFlavorMustBeInThePool() {
            assertOnly(check(customJobOn("gpu-pool", "CPU", "cpu-8u"), withCatalog()), Problem.error("resources.flavor",
                    "flavor 'cpu-8u' is not in pool 'gpu-pool'; its flavors: gpu-1x (GPU), gpu-8x (GPU), tiny-disk (CPU)"));
            assertOnly(check(remove(customJobOn("gpu-pool", "GPU", "x"), "resources.flavor"), withCatalog()), Problem.error("resources.flavor",
                    "is required: its flavors: gpu-1x (GPU), gpu-8x (GPU), tiny-disk (CPU)"));
            assertOnly(check(customJobOn("empty-pool", "GPU", "x"), withCatalog()), Problem.error("resources.flavor",
                    "flavor 'x' is not in pool 'empty-pool'; pool 'empty-pool' has no flavors"));
        }

        @Test
        void theTypeMustMatchTheFlavor() {
            assertOnly(check(customJobOn("gpu-pool", "CPU", "gpu-1x"), withCatalog()), Problem.error("resources.type",
                    "is CPU but flavor 'gpu-1x' is a GPU flavor"));
            assertOnly(check(remove(customJobOn("gpu-pool", "CPU", "gpu-1x"), "resources.type"), withCatalog()), Problem.error("resources.type",
                    "is required: CPU or GPU (flavor 'gpu-1x' is GPU)"));
            assertOnly(check(customJobOn("gpu-pool", "NPU", "gpu-1x"), withCatalog()), Problem.error("resources.type",
                    "must be CPU or GPU, not 'NPU'"));
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 4})
        void nodesUpToTheFlavorsMaximum(int nodes) {
            assertValid(check(set(customJobOn("gpu-pool", "GPU", "gpu-1x"), "resources.nodes", nodes), withCatalog()));
        }

        @Test
        void nodesAboveTheMaximum() {
            assertOnly(check(set(customJobOn("gpu-pool", "GPU", "gpu-1x"), "resources.nodes", 5), withCatalog()), Problem.error(
                    "resources.nodes", "must be at most 4, the maximum of flavor 'gpu-1x' (got 5)"));
            assertOnly(check(set(customJobOn("public-pool", "GPU", "gpu-1x"), "resources.nodes", 2), withCatalog()), Problem.error(
                    "resources.nodes", "must be at most 1, the maximum of flavor 'gpu-1x'; it does not support distributed training (got 2)"));
        }

        @Test
        void noMaximumWithoutMaxNodes() {
            assertValid(check(set(customJobOn("gpu-pool", "GPU", "gpu-8x"), "resources.nodes", 1000), withCatalog()));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1})
        void atLeastOneNode(int nodes) {
            assertOnly(check(set(customJobOn("gpu-pool", "GPU", "gpu-1x"), "resources.nodes", nodes), withCatalog()),
                    Problem.error("resources.nodes", "must be at least 1 (got " + nodes + ")"));
            assertOnly(checkLocal(set(customJobOn("p", "GPU", "f"), "resources.nodes", nodes)),
                    Problem.error("resources.nodes", "must be at least 1 (got " + nodes + ")"));
        }

        @Test
        void theDefaultIsOneNode() {
            Map<String, Object> job = customJobOn("gpu-pool", "GPU", "gpu-1x");
            assertThat(io.modelarts.train.spec.JobSpecLoader.fromTree(job, null).spec().nodes()).isEqualTo(1);
        }
    }

    @Nested
    class Priority {
        static final String PERMISSION = "3 needs the \"highest job priority\" permission; without it use 1 or 2 (got 3)";

        ValidationContext dedicated(boolean allowed) {
            return withCatalog().allowingHighestPriority(allowed);
        }

        @ParameterizedTest
        @CsvSource({"1,false", "2,false", "1,true", "2,true", "3,true"})
        void dedicatedPoolsTake1To3(int priority, boolean allowed) {
            assertValid(check(set(customJobOn("gpu-pool", "GPU", "gpu-1x"), "priority", priority), dedicated(allowed)));
        }

        @Test
        void threeNeedsThePermission() {
            assertOnly(check(set(customJobOn("gpu-pool", "GPU", "gpu-1x"), "priority", 3), dedicated(false)),
                    Problem.error("priority", PERMISSION));
        }

        @ParameterizedTest
        @CsvSource({"2,false", "2,true", "3,false", "3,true"})
        void publicPoolsOnlyTakeTheDefault(int priority, boolean allowed) {
            assertOnly(check(set(customJobOn("public-pool", "CPU", "cpu-8u"), "priority", priority), dedicated(allowed)),
                    Problem.error("priority", "must be 1 on public pool 'public-pool': job priority can be set on dedicated pools only (got "
                            + priority + ")"));
        }

        @Test
        void publicPoolsTakePriority1() {
            assertValid(check(set(customJobOn("public-pool", "CPU", "cpu-8u"), "priority", 1), dedicated(false)));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 4, -1})
        void outOfRange(int priority) {
            assertOnly(check(set(customJobOn("gpu-pool", "GPU", "gpu-1x"), "priority", priority), dedicated(true)),
                    Problem.error("priority", "must be 1, 2 or 3 (got " + priority + ")"));
            assertOnly(checkLocal(set(customJob(), "priority", priority)), Problem.error("priority", "must be 1, 2 or 3 (got " + priority + ")"));
        }

        @Test
        void aLevelThePoolMapsToNoPriorityClassIsAWarning() throws Exception {
            String yaml = java.nio.file.Files.readString(TestJobs.resource("pools.yaml"))
                    .replace("{1: train-low, 2: train-normal, 3: train-high}", "{1: train-low, 3: train-high}");
            io.modelarts.train.pool.PoolCatalogLoader.Result partial = io.modelarts.train.pool.PoolCatalogLoader.loadText(yaml, "pools.yaml");
            ValidationContext ctx = ValidationContext.withCatalog(partial.catalog()).allowingHighestPriority(true);

            assertOnly(check(set(customJobOn("gpu-pool", "GPU", "gpu-1x"), "priority", 2), ctx),
                    Problem.warning("priority", "dedicated pool 'gpu-pool' maps no PriorityClass to priority 2 (pool catalog: "
                            + "priorityClasses), so it has no effect: the job runs at the cluster's default priority"));
            assertValid(check(set(customJobOn("gpu-pool", "GPU", "gpu-1x"), "priority", 3), ctx));
        }

        @Test
        void withoutACatalogOnlyTheRangeAndThePermission() {
            assertValid(checkLocal(set(customJob(), "priority", 2)));
            assertOnly(checkLocal(set(customJob(), "priority", 3)), Problem.error("priority", PERMISSION));
            assertValid(check(set(customJob(), "priority", 3), ValidationContext.local().allowingHighestPriority(true)));
        }
    }

    @Nested
    class SfsTurbo {
        Map<String, Object> withMounts(String pool, int n) {
            Map<String, Object> job = pool == null ? customJob() : customJobOn(pool, pool.equals("gpu-pool") ? "GPU" : "CPU",
                    pool.equals("gpu-pool") ? "gpu-1x" : "cpu-8u");
            for (int i = 0; i < n; i++) {
                set(job, "sfsTurbo[" + i + "].name", "sfs-" + i);
                set(job, "sfsTurbo[" + i + "].serverPath", "10.0.0." + i + ":/export/data");
                set(job, "sfsTurbo[" + i + "].localPath", "/mnt/sfs-" + i);
            }
            return job;
        }

        @Test
        void atMostEight() {
            assertValid(check(withMounts("gpu-pool", 8), withCatalog()));
            assertOnly(check(withMounts("gpu-pool", 9), withCatalog()), Problem.error("sfsTurbo", "must have at most 8 file systems (got 9)"));
            assertOnly(checkLocal(withMounts(null, 9)), Problem.error("sfsTurbo", "must have at most 8 file systems (got 9)"));
        }

        @Test
        void dedicatedPoolsOnly() {
            assertOnly(check(withMounts("public-pool", 1), withCatalog()), Problem.error("sfsTurbo",
                    "SFS Turbo file systems can be mounted on dedicated pools only; public pool 'public-pool' is public"));
        }

        @Test
        void eachFileSystemOnce() {
            Map<String, Object> job = withMounts("gpu-pool", 2);
            set(job, "sfsTurbo[1].name", "sfs-0");
            set(job, "sfsTurbo[1].serverPath", "10.0.0.0:/export/data");
            assertThat(check(job, withCatalog()).all()).containsExactly(
                    Problem.error("sfsTurbo[1].name", "'sfs-0' is already mounted by sfsTurbo[0]; each file system can be mounted once"),
                    Problem.error("sfsTurbo[1].serverPath", "'10.0.0.0:/export/data' is already mounted by sfsTurbo[0]; each file system can be mounted once"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"10.10.10.10:/example/path", "nfs.example.com:/", "[fd00::1]:/export"})
        void serverPathsOfTheFormHostColonPath(String serverPath) {
            assertValid(check(set(withMounts("gpu-pool", 1), "sfsTurbo[0].serverPath", serverPath), withCatalog()));
        }

        @ParameterizedTest
        @ValueSource(strings = {"10.10.10.10", "10.10.10.10:export", "/export/path", "host:/a b", ":/x"})
        void malformedServerPaths(String serverPath) {
            assertOnly(check(set(withMounts("gpu-pool", 1), "sfsTurbo[0].serverPath", serverPath), withCatalog()), Problem.error(
                    "sfsTurbo[0].serverPath", "must be host:/path, such as 10.10.10.10:/example/path (got '" + serverPath + "')"));
        }

        @Test
        void requiredParts() {
            Map<String, Object> job = customJobOn("gpu-pool", "GPU", "gpu-1x");
            set(job, "sfsTurbo[0].localPath", "/mnt/x");
            assertThat(check(job, withCatalog()).all()).containsExactly(
                    Problem.error("sfsTurbo[0].name", "is required: the SFS Turbo file system's name"),
                    Problem.error("sfsTurbo[0].serverPath", "is required: host:/path, such as 10.10.10.10:/example/path"));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "/|must not be / (the container's root)",
                "/cache|must not be /cache (the job's local disk)",
                "/cache/|must not be /cache (the job's local disk)",
                "/home/ma-user/modelarts|must not be /home/ma-user/modelarts or a folder inside it (code, inputs, outputs and logs live there)",
                "/home/ma-user/modelarts/data|must not be /home/ma-user/modelarts or a folder inside it (code, inputs, outputs and logs live there)",
                "/home/ma-user|must not be /home/ma-user: a mount there would hide /home/ma-user/modelarts (code, inputs, outputs and logs)",
                "/home|must not be /home: a mount there would hide /home/ma-user/modelarts (code, inputs, outputs and logs)",
                "mnt/x|must be an absolute path starting with '/' (got 'mnt/x')",
                "/mnt/../x|must be a normalized path without empty, '.' or '..' segments (got '/mnt/../x')",
                "/mnt//x|must be a normalized path without empty, '.' or '..' segments (got '/mnt//x')"})
        void forbiddenMountPaths(String path, String message) {
            assertOnly(check(set(withMounts("gpu-pool", 1), "sfsTurbo[0].localPath", path), withCatalog()),
                    Problem.error("sfsTurbo[0].localPath", message));
        }

        @ParameterizedTest
        @ValueSource(strings = {"/cache/sfs", "/home/ma-user/data", "/home/ma-user/modelarts-data", "/mnt/a/"})
        void allowedMountPaths(String path) {
            assertValid(check(set(withMounts("gpu-pool", 1), "sfsTurbo[0].localPath", path), withCatalog()));
        }

        @Test
        void mountPathsAreUnique() {
            Map<String, Object> job = withMounts("gpu-pool", 2);
            set(job, "sfsTurbo[1].localPath", "/mnt/sfs-0/");
            assertOnly(check(job, withCatalog()), Problem.error("sfsTurbo[1].localPath",
                    "/mnt/sfs-0 is already used by sfsTurbo[0].localPath; mount paths must be unique"));
        }
    }

    @Nested
    class ParallelFileSystems {
        Map<String, Object> job(String storage, String mountPath) {
            Map<String, Object> job = customJobOn("gpu-pool", "GPU", "gpu-1x");
            set(job, "parallelFileSystems[0].storage", storage);
            set(job, "parallelFileSystems[0].mountPath", mountPath);
            return job;
        }

        @Test
        void aStorageOfThePool() {
            assertValid(check(job("pfs-a", "/mnt/pfs"), withCatalog()));
            assertOnly(check(job("pfs-z", "/mnt/pfs"), withCatalog()), Problem.error("parallelFileSystems[0].storage",
                    "storage 'pfs-z' is not configured for pool 'gpu-pool'; its storages: pfs-a, pfs-b"));
            Map<String, Object> empty = job("pfs-a", "/mnt/pfs");
            set(empty, "resources", Map.of("pool", "empty-pool", "type", "GPU", "flavor", "x"));
            assertThat(about(check(empty, withCatalog()), "parallelFileSystems[0].storage")).containsExactly(Problem.error(
                    "parallelFileSystems[0].storage", "storage 'pfs-a' is not configured for pool 'empty-pool'; pool 'empty-pool' has no storages"));
        }

        @Test
        void withoutACatalogAnyStorageName() {
            Map<String, Object> job = job("pfs-z", "/mnt/pfs");
            remove(job, "resources");
            assertValid(checkLocal(job));
            assertOnly(checkLocal(set(job, "parallelFileSystems[0].storage", "")), Problem.error("parallelFileSystems[0].storage",
                    "is required: a storage named in the pool catalog"));
        }

        @Test
        void mountPathsAreUniqueAgainstSfsTurboToo() {
            Map<String, Object> job = job("pfs-a", "/mnt/shared");
            set(job, "sfsTurbo[0].name", "sfs-a");
            set(job, "sfsTurbo[0].serverPath", "10.0.0.5:/export");
            set(job, "sfsTurbo[0].localPath", "/mnt/shared");
            assertOnly(check(job, withCatalog()), Problem.error("parallelFileSystems[0].mountPath",
                    "/mnt/shared is already used by sfsTurbo[0].localPath; mount paths must be unique"));
        }

        @Test
        void sameForbiddenPaths() {
            assertOnly(check(job("pfs-a", "/cache"), withCatalog()), Problem.error("parallelFileSystems[0].mountPath",
                    "must not be /cache (the job's local disk)"));
            assertOnly(check(job("pfs-a", null), withCatalog()), Problem.error("parallelFileSystems[0].mountPath",
                    "is required: an absolute path in the container, such as /mnt/data"));
        }

        @Test
        void eachStorageOnce() {
            Map<String, Object> job = job("pfs-a", "/mnt/a");
            set(job, "parallelFileSystems[1].storage", "pfs-a");
            set(job, "parallelFileSystems[1].mountPath", "/mnt/b");
            assertOnly(check(job, withCatalog()), Problem.error("parallelFileSystems[1].storage",
                    "'pfs-a' is already mounted by parallelFileSystems[0]; each file system can be mounted once"));
        }
    }

    @Nested
    class PersistentLogPath {
        @Test
        void anObjectStorePath() {
            assertValid(check(set(customJobOn("gpu-pool", "GPU", "gpu-1x"), "persistentLogPath", "obs://bucket/logs/"), withCatalog()));
            assertValid(check(set(customJobOn("public-pool", "CPU", "cpu-8u"), "persistentLogPath", "s3://bucket/logs"), withCatalog()));
            assertOnly(checkLocal(set(customJob(), "persistentLogPath", "/var/log/job")), Problem.error("persistentLogPath",
                    "must be an obs:// or s3:// path: logs are uploaded to the object store (got '/var/log/job')"));
            assertOnly(checkLocal(set(customJob(), "persistentLogPath", "obs://Logs/x")), Problem.error("persistentLogPath",
                    "bucket name 'Logs' must use lowercase letters, digits, '-' and '.', and start and end with a letter or digit"));
        }

        @Test
        void overlappingAnOutputIsAWarning() {
            assertOnly(checkLocal(set(customJob(), "persistentLogPath", "obs://bucket/output/logs/")), Problem.warning("persistentLogPath",
                    "overlaps outputs[0].dataPath (obs://bucket/output/): logs and training output would mix; choose an empty folder of its own"));
        }
    }

    @Nested
    class CheckInputSize {
        @TempDir
        Path dir;

        Map<String, Object> onTinyDisk(Path input) {
            return set(customJobOn("gpu-pool", "CPU", "tiny-disk"), "inputs[0].dataPath", input.toString());
        }

        @Test
        void anInputThatFitsTheDisk() {
            TestJobs.write(dir.resolve("data/a.bin"), 1024);
            assertValid(check(onTinyDisk(dir.resolve("data")), withCatalog()));
        }

        @Test
        void anInputLargerThanTheDiskIsAWarning() {
            TestJobs.write(dir.resolve("data/a.bin"), 1000);
            TestJobs.write(dir.resolve("data/sub/b.bin"), 25);
            Problems problems = check(onTinyDisk(dir.resolve("data")), withCatalog());
            assertOnly(problems, Problem.warning("inputs[0].dataPath",
                    "is larger than the 1Ki disk of flavor 'tiny-disk' (more than 1.0 kB); it may not fit on the node"));
            assertThat(problems.hasErrors()).isFalse();
        }

        @Test
        void inputsTogetherLargerThanTheDisk() {
            TestJobs.write(dir.resolve("a/a.bin"), 600);
            TestJobs.write(dir.resolve("b/b.bin"), 600);
            Map<String, Object> job = onTinyDisk(dir.resolve("a"));
            set(job, "inputs[1].name", "more");
            set(job, "inputs[1].dataPath", dir.resolve("b").toString());
            assertOnly(check(job, withCatalog()), Problem.warning("inputs",
                    "together are larger than the 1Ki disk of flavor 'tiny-disk'; they may not fit on the node"));
        }

        @Test
        void aSingleFileInput() {
            TestJobs.write(dir.resolve("big.bin"), 2000);
            assertOnly(check(onTinyDisk(dir.resolve("big.bin")), withCatalog()), Problem.warning("inputs[0].dataPath",
                    "is larger than the 1Ki disk of flavor 'tiny-disk' (more than 2 kB); it may not fit on the node"));
        }

        @Test
        void notCheckedWithoutLocalFileChecks() {
            TestJobs.write(dir.resolve("big.bin"), 2000);
            assertValid(check(onTinyDisk(dir.resolve("big.bin")), withCatalog().withoutLocalFileChecks()));
        }
    }
}
