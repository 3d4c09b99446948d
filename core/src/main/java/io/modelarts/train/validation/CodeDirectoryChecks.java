package io.modelarts.train.validation;

import io.modelarts.train.rules.CodeDirLimits;
import io.modelarts.train.rules.ObjectPaths;
import io.modelarts.train.rules.ProblemText;
import io.modelarts.train.spec.Algorithm;
import io.modelarts.train.spec.BootMode;
import io.modelarts.train.spec.StoragePaths;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The algorithm's code (feature inventory #6-#8, #11, #12): the code directory (an object path, or a local folder
 * within the {@link CodeDirLimits}), the boot file inside it, the local code directory under /home and the work
 * directory.
 */
final class CodeDirectoryChecks extends SectionChecks {


    CodeDirectoryChecks(ValidationRun run) {
        super(run);
    }

    /** #6: a .py file inside the code directory. */
    void bootFile(Algorithm a) {
        String file = a.bootFile();
        String field = "algorithm.bootFile";
        if (isBlank(file)) {
            error(field, "is required for bootMode presetImage: a .py file in algorithm.codeDir, such as train.py");
            return;
        }
        if (StoragePaths.isObjectPath(file) || StoragePaths.schemeOf(file) != null) {
            String code = a.codeDir() == null ? null : stripSlashes(a.codeDir());
            String f = stripSlashes(file);
            if (code != null && StoragePaths.isObjectPath(code) && f.length() > code.length() && f.startsWith(code + "/")) {
                error(field, "must be relative to algorithm.codeDir: write '" + f.substring(code.length() + 1) + "'");
            } else {
                error(field, "must be a path relative to algorithm.codeDir, such as train.py (got " + ProblemText.quote(file) + ")");
            }
            return;
        }
        if (!file.endsWith(".py")) {
            error(field, "must be a Python file ending in .py (got " + ProblemText.quote(file) + ")");
            return;
        }
        for (int i = 0; i < file.length(); i++) {
            if (Character.isISOControl(file.charAt(i))) {
                error(field, "must not contain control characters (found " + ProblemText.describeChar(file.charAt(i)) + ")");
                return;
            }
        }
        String relative;
        if (file.startsWith("/")) {
            String jobDir = a.localCodeDir() == null ? Algorithm.DEFAULT_LOCAL_CODE_DIR : ContainerPaths.normalize(a.localCodeDir());
            if (ContainerPaths.absoluteProblem(file) != null || !file.startsWith(jobDir + "/")) {
                error(field, "must be relative to algorithm.codeDir (like train.py), or an absolute path inside algorithm.localCodeDir "
                        + jobDir + " (got " + ProblemText.quote(file) + ")");
                return;
            }
            String codeFolder = a.codeDir() == null ? null : jobDir + "/" + lastDirectoryName(a.codeDir());
            if (codeFolder == null || !file.startsWith(codeFolder + "/")) {
                return; // somewhere else in the job dir: nothing to look at here
            }
            relative = file.substring(codeFolder.length() + 1);
        } else {
            relative = file;
        }
        for (String segment : relative.split("/", -1)) {
            if (segment.equals("..")) {
                error(field, "must stay inside algorithm.codeDir: no '..' segments (got " + ProblemText.quote(file) + ")");
                return;
            }
        }
        if (ctx.checkLocalFiles() && a.hasLocalCodeDir() && !a.codeDir().isBlank() && StoragePaths.schemeOf(a.codeDir()) == null) {
            try {
                Path code = Path.of(a.codeDir());
                if (Files.isDirectory(code)) {
                    Path boot = code.resolve(relative);
                    if (Files.isDirectory(boot)) {
                        error(field, "'" + relative + "' is a folder in the code directory " + code + ", not a .py file");
                    } else if (!Files.isRegularFile(boot)) {
                        error(field, "'" + relative + "' does not exist in the code directory " + code);
                    }
                }
            } catch (InvalidPathException e) {
                // the code dir check reports the path
            }
        }
    }

    /** #6, #7, #8: object path, or a local folder within the code-dir limits. */
    void codeDir(Algorithm a) {
        String dir = a.codeDir();
        String field = "algorithm.codeDir";
        if (dir == null) {
            return;
        }
        if (dir.isBlank()) {
            if (a.bootMode() != BootMode.PRESET_IMAGE) { // presetImage reports it as required
                error(field, "must not be empty: an obs:// or s3:// folder, or a local directory (or leave the key out)");
            }
            return;
        }
        String scheme = StoragePaths.schemeOf(dir);
        if (scheme != null) {
            error(field, "uses the unsupported scheme '" + scheme + "://'; use obs://, s3:// or a local directory");
            return;
        }
        if (ObjectPaths.hasObjectScheme(dir.strip())) {
            String problem = ObjectPaths.problemWith(dir);
            if (problem != null) {
                error(field, problem);
            }
            return;
        }
        Path path = localPath(field, dir);
        if (path == null || !ctx.checkLocalFiles()) {
            return;
        }
        if (!Files.exists(path)) {
            error(field, "local directory " + path + " does not exist");
            return;
        }
        if (!Files.isDirectory(path)) {
            error(field, path + " is not a directory");
            return;
        }
        CodeDirLimits limits = ctx.codeDirLimits();
        LocalScan.Result scan = LocalScan.scan(path, limits.maxBytes(), limits.maxFiles(), limits.maxDepth());
        if (scan.files() > limits.maxFiles()) {
            error(field, "must have at most " + ProblemText.count(limits.maxFiles()) + " files (found more in " + path
                    + "; symbolic links are counted, not followed)");
        }
        if (scan.bytes() > limits.maxBytes()) {
            error(field, "must be at most " + ProblemText.bytes(limits.maxBytes()) + " in total (found more than "
                    + ProblemText.bytes(scan.bytes()) + " in " + path + ")");
        }
        if (scan.tooDeep() != null) {
            error(field, "must have folders nested at most " + limits.maxDepth() + " levels deep (found "
                    + ProblemText.quote(scan.tooDeep()) + ")");
        }
        if (scan.failure() != null) {
            warning(field, "could not read everything in " + path + ": " + scan.failure());
        }
    }

    /** #11: under /home. */
    void localCodeDir(Algorithm a) {
        String dir = a.localCodeDir();
        if (dir == null) {
            return;
        }
        String problem = ContainerPaths.absoluteProblem(dir);
        if (problem != null) {
            error("algorithm.localCodeDir", problem);
        } else if (!ContainerPaths.normalize(dir).startsWith("/home/")) {
            error("algorithm.localCodeDir", "must be a folder under /home, such as " + Algorithm.DEFAULT_LOCAL_CODE_DIR
                    + " (got " + ProblemText.quote(dir) + ")");
        }
    }

    /** #12: the container cds into it. */
    void workDir(Algorithm a) {
        String dir = a.workDir();
        if (dir == null) {
            return;
        }
        String problem = ContainerPaths.absoluteProblem(dir);
        if (problem != null) {
            error("algorithm.workDir", problem);
        }
    }

    /** The last folder name of a code path, which the code keeps in the container ({@code demo-code}). */
    static String lastDirectoryName(String codeDir) {
        String p = stripSlashes(codeDir.replace('\\', '/'));
        int slash = p.lastIndexOf('/');
        String last = slash < 0 ? p : p.substring(slash + 1);
        return last.isEmpty() ? "code" : last;
    }
}
