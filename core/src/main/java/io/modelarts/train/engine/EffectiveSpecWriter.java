package io.modelarts.train.engine;

import io.modelarts.train.logs.SecretMasker;
import io.modelarts.train.plan.JobPlan;
import io.modelarts.train.spec.Algorithm;
import io.modelarts.train.spec.DataChannel;
import io.modelarts.train.spec.JobSpec;
import io.modelarts.train.spec.ParallelFileSystemMount;
import io.modelarts.train.spec.SfsTurboMount;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a job as YAML in the job-file format with every default filled in (name, user id, local code
 * dir, work dir, channel names, {@code obtainedFrom}, auto restart, priority...), so that an archived
 * run shows exactly what ran. The text loads back with {@code JobSpecLoader} to the same job. A saved
 * algorithm and datasets appear resolved (their fields and paths), with a comment naming them.
 *
 * <p>No secrets: every value equal to or containing one of the given secrets becomes
 * {@value SecretMasker#MASK}, and so does the value of every environment variable whose name looks like
 * a secret ({@code *PASSWORD*}, {@code *SECRET*}, {@code *TOKEN*}, {@code *ACCESS_KEY*}, {@code *API_KEY*}...).
 */
public final class EffectiveSpecWriter {

    public static final String FILE_NAME = "job-spec.effective.yaml";

    private static final Pattern SECRET_NAME = Pattern.compile(
            ".*(PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|ACCESS_?KEY|PRIVATE_?KEY|API_?KEY).*", Pattern.CASE_INSENSITIVE);

    private EffectiveSpecWriter() {
    }

    /** The plan's job, with the work dir the plan resolved. */
    public static String toYaml(JobPlan plan, Collection<String> secrets) {
        return toYaml(plan.spec(), plan.workDir(), secrets);
    }

    /** The job as written, defaults filled in; {@code workDir} left out when the spec has none. */
    public static String toYaml(JobSpec spec, Collection<String> secrets) {
        return toYaml(spec, null, secrets);
    }

    private static String toYaml(JobSpec spec, String effectiveWorkDir, Collection<String> secrets) {
        SecretMasker masker = new SecretMasker(io.modelarts.train.events.JobEventSink.NONE, secrets);
        Map<String, Object> top = new LinkedHashMap<>();
        put(top, "name", spec.name(), masker);
        put(top, "description", spec.description(), masker);

        Algorithm a = spec.algorithm();
        Map<String, Object> alg = new LinkedHashMap<>();
        if (a != null) {
            put(alg, "bootMode", a.bootMode() == null ? null : a.bootMode().yamlName(), masker);
            put(alg, "image", a.image(), masker);
            put(alg, "engine", a.engine(), masker);
            put(alg, "codeDir", a.codeDir(), masker);
            put(alg, "bootFile", a.bootFile(), masker);
            put(alg, "bootCommand", a.bootCommand(), masker);
            if (a.userId() != null) {
                alg.put("userId", a.userId());
            }
            put(alg, "localCodeDir", a.localCodeDir(), masker);
            put(alg, "workDir", a.workDir() != null ? a.workDir() : effectiveWorkDir, masker);
        }
        top.put("algorithm", alg);

        top.put("inputs", channels(spec.inputs(), false, masker));
        top.put("outputs", channels(spec.outputs(), true, masker));

        Map<String, Object> hyper = new LinkedHashMap<>();
        spec.hyperparameters().forEach((k, v) -> hyper.put(k, masker.mask(v)));
        top.put("hyperparameters", hyper);
        Map<String, Object> env = new LinkedHashMap<>();
        spec.environment().forEach((k, v) -> env.put(k, SECRET_NAME.matcher(k).matches() && !v.isEmpty() ? SecretMasker.MASK : masker.mask(v)));
        top.put("environment", env);
        if (!spec.secretEnvironment().isEmpty()) {
            // references to Kubernetes Secrets (<secret>/<key>), never their values
            top.put("secretEnvironment", new LinkedHashMap<>(spec.secretEnvironment()));
        }

        top.put("autoRestart", spec.autoRestart());
        if (spec.resources() != null) {
            Map<String, Object> res = new LinkedHashMap<>();
            put(res, "pool", spec.resources().pool(), masker);
            put(res, "type", spec.resources().type() == null ? null : spec.resources().type().name(), masker);
            put(res, "flavor", spec.resources().flavor(), masker);
            res.put("nodes", spec.resources().nodes());
            top.put("resources", res);
        }
        top.put("priority", spec.priority());
        if (!spec.sfsTurbo().isEmpty()) {
            List<Object> sfs = new ArrayList<>();
            for (SfsTurboMount m : spec.sfsTurbo()) {
                Map<String, Object> item = new LinkedHashMap<>();
                put(item, "name", m.name(), masker);
                put(item, "serverPath", m.serverPath(), masker);
                put(item, "localPath", m.localPath(), masker);
                sfs.add(item);
            }
            top.put("sfsTurbo", sfs);
        }
        if (!spec.parallelFileSystems().isEmpty()) {
            List<Object> pfs = new ArrayList<>();
            for (ParallelFileSystemMount m : spec.parallelFileSystems()) {
                Map<String, Object> item = new LinkedHashMap<>();
                put(item, "storage", m.storage(), masker);
                put(item, "mountPath", m.mountPath(), masker);
                pfs.add(item);
            }
            top.put("parallelFileSystems", pfs);
        }
        put(top, "persistentLogPath", spec.persistentLogPath(), masker);
        if (spec.autoStop() != null) {
            top.put("autoStop", spec.autoStop().toString());
        }
        io.modelarts.train.spec.Retraining retraining = spec.retraining();
        if (!retraining.metrics().isEmpty()) {
            List<Object> metrics = new ArrayList<>();
            for (io.modelarts.train.metrics.MetricRule m : retraining.metrics()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("name", m.name());
                item.put("regex", m.regex());
                metrics.add(item);
            }
            top.put("metrics", metrics);
        }
        if (!retraining.gate().isEmpty()) {
            top.put("gate", new ArrayList<Object>(retraining.gate()));
        }
        if (retraining.skipIfUnchanged()) {
            top.put("skipIfUnchanged", true);
        }

        DumpSettings settings = DumpSettings.builder()
                .setDefaultFlowStyle(FlowStyle.BLOCK)
                .setIndent(2)
                .setIndicatorIndent(2)
                .setIndentWithIndicator(true)
                .setWidth(200)
                .build();
        StringBuilder header = new StringBuilder("# the job as it ran, defaults filled in (written by modelarts-train)\n");
        if (a != null && a.isSaved()) {
            // the saved algorithm's fields are written out, so the file loads back without the assets file
            header.append("# algorithm: saved algorithm ").append(masker.mask(a.id())).append(" v").append(a.version())
                    .append(" of the assets file, resolved below\n");
        }
        for (int i = 0; i < spec.inputs().size(); i++) {
            DataChannel in = spec.inputs().get(i);
            if (in != null && in.dataset() != null) {
                header.append("# inputs[").append(i).append("]: dataset ").append(masker.mask(in.dataset()))
                        .append(in.datasetVersion() == null ? "" : " version " + masker.mask(in.datasetVersion())).append('\n');
            }
        }
        return header + new Dump(settings).dumpToString(top);
    }

    private static List<Object> channels(List<DataChannel> channels, boolean outputs, SecretMasker masker) {
        List<Object> list = new ArrayList<>();
        for (DataChannel c : channels) {
            Map<String, Object> item = new LinkedHashMap<>();
            put(item, "name", c.name(), masker);
            put(item, "dataPath", c.dataPath(), masker);
            put(item, "obtainedFrom", c.obtainedFrom() == null ? null : c.obtainedFrom().yamlName(), masker);
            if (outputs) {
                item.put("predownload", c.predownload());
            }
            list.add(item);
        }
        return list;
    }

    private static void put(Map<String, Object> map, String key, String value, SecretMasker masker) {
        if (value != null) {
            map.put(key, masker.mask(value));
        }
    }
}
