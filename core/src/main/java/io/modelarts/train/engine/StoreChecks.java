package io.modelarts.train.engine;

import io.modelarts.train.plan.ChannelPlan;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.pool.Quantities;
import io.modelarts.train.rules.CodeDirLimits;
import io.modelarts.train.rules.Problem;
import io.modelarts.train.rules.ProblemText;
import io.modelarts.train.rules.Problems;
import io.modelarts.train.spec.BootMode;
import io.modelarts.train.spec.StoragePaths;
import io.modelarts.train.storage.ObjectInfo;
import io.modelarts.train.storage.ObjectStore;
import io.modelarts.train.storage.ObjectUri;
import io.modelarts.train.storage.StorageException;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks of the ModelArts page that need the object store, run before anything is submitted: an
 * {@code obs://} code dir within the code-dir limits (5 GB, 1,000 files, folders 32 deep [#6]) and, for
 * a preset image, holding its boot file; "Check Input Size" for {@code obs://} inputs against the flavor's
 * disk [#27]; and warnings for output and persistent-log paths that are not empty, as the page asks for
 * empty ones [#20, #33]. Everything is known from listing; no object is read.
 *
 * <p>Local folders are checked by the validator already (it can see them without a store).
 */
public final class StoreChecks {

    private StoreChecks() {
    }

    /** Every problem found, errors and warnings; a path that cannot be listed is a warning, not an error. */
    public static Problems check(JobPlan plan, ObjectStore store, CodeDirLimits limits) {
        List<Problem> problems = new ArrayList<>();
        CodeDirLimits l = limits == null ? CodeDirLimits.DEFAULT : limits;
        if (plan.code() != null && StoragePaths.isObjectPath(plan.code().source())) {
            codeDir(plan, store, l, problems);
        }
        inputs(plan, store, problems);
        for (int i = 0; i < plan.outputs().size(); i++) {
            ChannelPlan out = plan.outputs().get(i);
            if (!out.predownload()) { // predownload reads what is there on purpose
                notEmpty("outputs[" + i + "].dataPath", out.source(), store, problems,
                        "files of an earlier run stay there and mix with this run's output");
            }
        }
        String logs = plan.spec().persistentLogPath();
        if (logs != null && StoragePaths.isObjectPath(logs)) {
            notEmpty("persistentLogPath", logs, store, problems, "this job's logs would mix with what is there");
        }
        return new Problems(problems);
    }

    private static void codeDir(JobPlan plan, ObjectStore store, CodeDirLimits limits, List<Problem> problems) {
        String field = "algorithm.codeDir";
        String source = plan.code().source().strip();
        List<ObjectInfo> objects = list(field, source, store, problems);
        if (objects == null) {
            return;
        }
        ObjectUri dir = ObjectUri.parse(source);
        String prefix = dir.folderPrefix();
        long bytes = 0;
        String tooDeep = null;
        List<String> relative = new ArrayList<>();
        for (ObjectInfo o : objects) {
            String rel = o.key().startsWith(prefix) ? o.key().substring(prefix.length()) : o.key();
            if (rel.isEmpty() || rel.endsWith("/")) {
                continue; // a folder marker, not a file
            }
            relative.add(rel);
            bytes += o.size();
            if (tooDeep == null && depth(rel) > limits.maxDepth()) {
                tooDeep = rel.substring(0, rel.lastIndexOf('/'));
            }
        }
        if (relative.size() > limits.maxFiles()) {
            problems.add(Problem.error(field, "must have at most " + ProblemText.count(limits.maxFiles()) + " files (found "
                    + ProblemText.count(relative.size()) + " in " + source + ")"));
        }
        if (bytes > limits.maxBytes()) {
            problems.add(Problem.error(field, "must be at most " + ProblemText.bytes(limits.maxBytes()) + " in total (found "
                    + ProblemText.bytes(bytes) + " in " + source + ")"));
        }
        if (tooDeep != null) {
            problems.add(Problem.error(field, "must have folders nested at most " + limits.maxDepth() + " levels deep (found "
                    + ProblemText.quote(tooDeep) + " in " + source + ")"));
        }
        if (relative.isEmpty()) {
            problems.add(Problem.error(field, source + " holds no files: upload the code there, or correct the path"));
        } else if (plan.bootMode() == BootMode.PRESET_IMAGE) {
            String bootFile = plan.spec().algorithm().bootFile();
            if (bootFile != null && !bootFile.startsWith("/") && !relative.contains(bootFile)) {
                problems.add(Problem.error("algorithm.bootFile", "'" + bootFile + "' does not exist in the code directory " + source));
            }
        }
    }

    /** "Check Input Size": the object-store inputs against the flavor's disk, each and together. */
    private static void inputs(JobPlan plan, ObjectStore store, List<Problem> problems) {
        Long disk = plan.flavor() == null || plan.flavor().disk() == null ? null : Quantities.bytes(plan.flavor().disk());
        long total = 0;
        boolean warned = false;
        for (int i = 0; i < plan.inputs().size(); i++) {
            ChannelPlan in = plan.inputs().get(i);
            if (!StoragePaths.isObjectPath(in.source())) {
                continue;
            }
            String field = "inputs[" + i + "].dataPath";
            List<ObjectInfo> objects = list(field, in.source().strip(), store, problems);
            if (objects == null) {
                continue;
            }
            if (objects.isEmpty()) {
                problems.add(Problem.warning(field, in.source().strip() + " holds no objects: the training gets an empty folder"));
                continue;
            }
            long bytes = objects.stream().mapToLong(ObjectInfo::size).sum();
            if (disk != null && bytes > disk) {
                problems.add(Problem.warning(field, "is larger than the " + plan.flavor().disk() + " disk of flavor '" + plan.flavor().id()
                        + "' (" + ProblemText.bytes(bytes) + "); it may not fit on the node"));
                warned = true;
            }
            total += bytes;
        }
        if (disk != null && !warned && total > disk) {
            problems.add(Problem.warning("inputs", "together are larger than the " + plan.flavor().disk() + " disk of flavor '"
                    + plan.flavor().id() + "' (" + ProblemText.bytes(total) + "); they may not fit on the node"));
        }
    }

    private static void notEmpty(String field, String location, ObjectStore store, List<Problem> problems, String why) {
        List<ObjectInfo> objects = list(field, location.strip(), store, problems);
        if (objects != null && !objects.isEmpty()) {
            problems.add(Problem.warning(field, location.strip() + " is not empty (" + ProblemText.count(objects.size())
                    + (objects.size() == 1 ? " object" : " objects") + "); ModelArts asks for an empty folder: " + why));
        }
    }

    private static List<ObjectInfo> list(String field, String location, ObjectStore store, List<Problem> problems) {
        try {
            return store.list(ObjectUri.parse(location));
        } catch (StorageException | IllegalArgumentException e) {
            problems.add(Problem.warning(field, "could not be checked: listing " + location + " failed: " + e.getMessage()));
            return null;
        }
    }

    private static int depth(String relativeKey) {
        int n = 0;
        for (int i = 0; i < relativeKey.length(); i++) {
            if (relativeKey.charAt(i) == '/') {
                n++;
            }
        }
        return n;
    }
}
