package io.modelarts.train.plan;

import io.modelarts.train.pool.Flavor;
import io.modelarts.train.pool.Pool;
import io.modelarts.train.pool.PoolCatalog;
import io.modelarts.train.spec.Algorithm;
import io.modelarts.train.spec.BootMode;
import io.modelarts.train.spec.DataChannel;
import io.modelarts.train.spec.JobSpec;
import io.modelarts.train.spec.ObtainedFrom;
import io.modelarts.train.spec.Resources;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns a validated {@link JobSpec} into a {@link JobPlan}. Pure: no I/O, same input, same plan. */
public final class Planner {

    private Planner() {
    }

    /**
     * @param catalog the pool catalog, or {@code null} (local runs without one)
     * @throws IllegalArgumentException when the spec names a pool, flavor or engine the catalog lacks
     *         (validation reports these first; this is the planner's own guard)
     */
    public static JobPlan plan(JobSpec spec, PoolCatalog catalog) {
        String nodesProblem = Resources.nodesProblem(spec.nodes());
        if (nodesProblem != null) {
            throw new IllegalArgumentException("resources.nodes: " + nodesProblem);
        }
        Algorithm alg = spec.algorithm();
        String jobDir = alg.localCodeDir();

        Pool pool = null;
        Flavor flavor = null;
        if (catalog != null && spec.resources() != null) {
            pool = catalog.pool(spec.resources().pool())
                    .orElseThrow(() -> new IllegalArgumentException("unknown pool " + spec.resources().pool()));
            Pool p = pool;
            flavor = pool.flavor(spec.resources().flavor())
                    .orElseThrow(() -> new IllegalArgumentException("unknown flavor " + spec.resources().flavor() + " in pool " + p.name()));
        }

        CodePlan code = null;
        if (alg.codeDir() != null && !alg.codeDir().isBlank()) {
            code = new CodePlan(alg.codeDir(), jobDir + "/" + ContainerLayout.lastDirectoryName(alg.codeDir()), alg.hasLocalCodeDir());
        }

        String image = alg.image();
        String bootFile = null;
        if (alg.bootMode() == BootMode.PRESET_IMAGE) {
            if (pool != null) {
                image = pool.engine(alg.engine()).map(e -> e.image())
                        .orElseThrow(() -> new IllegalArgumentException("unknown engine " + alg.engine()));
            }
            String codeFolder = code == null ? jobDir : code.containerDir();
            bootFile = alg.bootFile().startsWith("/") ? alg.bootFile() : codeFolder + "/" + alg.bootFile();
        }

        List<ChannelPlan> inputs = new ArrayList<>();
        for (DataChannel in : spec.inputs()) {
            inputs.add(new ChannelPlan(in.name(), in.dataPath(), ContainerLayout.inputDir(in.name()), in.obtainedFrom(), false));
        }
        List<ChannelPlan> outputs = new ArrayList<>();
        for (DataChannel out : spec.outputs()) {
            outputs.add(new ChannelPlan(out.name(), out.dataPath(), ContainerLayout.outputDir(out.name()), out.obtainedFrom(), out.predownload()));
        }

        List<Argument> args = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        Set<String> pathVars = new HashSet<>();
        putPath(env, pathVars, "MA_HOME", ContainerLayout.MA_HOME);
        putPath(env, pathVars, "MA_MOUNT_PATH", ContainerLayout.MA_MOUNT_PATH);
        putPath(env, pathVars, "MA_JOB_DIR", jobDir);
        putPath(env, pathVars, "MA_LOG_DIR", ContainerLayout.MA_LOG_DIR);
        if (code != null) {
            putPath(env, pathVars, "WORKSPACE", code.containerDir());
        }
        int nodes = spec.nodes();
        env.put("MA_NUM_GPUS", String.valueOf(flavor == null ? 0 : flavor.gpus()));
        env.put("MA_NUM_HOSTS", String.valueOf(nodes));
        env.put("VC_WORKER_NUM", String.valueOf(nodes));
        env.put("WORLD_SIZE", String.valueOf(nodes));
        env.put("MASTER_PORT", String.valueOf(ContainerLayout.MASTER_PORT));
        env.put("MA_TASK_NAME", "worker");
        env.put("MA_SCRIPT_INTERPRETER", "");
        env.put("PYTHONUNBUFFERED", "1"); // lines reach the log as they are printed
        if (alg.bootMode() == BootMode.PRESET_IMAGE) {
            // the engine's own environment, as ModelArts sets it for its preset images; the user's comes later
            Map<String, String> engineEnv = pool == null ? Map.of()
                    : pool.engine(alg.engine()).map(io.modelarts.train.pool.Engine::env).orElse(Map.of());
            engineEnv.forEach((k, v) -> {
                if (!k.equals("PYTHONPATH")) {
                    env.put(k, v);
                    pathVars.remove(k);
                }
            });
            // preset images run from the platform's conda and import from the job dir first
            String enginePath = engineEnv.get("PYTHONPATH");
            putPath(env, pathVars, "PYTHONPATH", jobDir + (enginePath == null || enginePath.isEmpty() ? "" : ":" + enginePath)
                    + ":${PYTHONPATH}");
        }
        for (ChannelPlan c : inputs) {
            channelValue(c, args, env, pathVars);
        }
        for (ChannelPlan c : outputs) {
            channelValue(c, args, env, pathVars);
        }
        spec.hyperparameters().forEach((k, v) -> args.add(new Argument(k, v, false)));
        // the user's variables come last: they may override preset ones (the validator warns)
        spec.environment().forEach((k, v) -> {
            env.put(k, v);
            pathVars.remove(k);
        });

        String workDir = alg.workDir() != null && !alg.workDir().isBlank() ? alg.workDir()
                : code != null ? code.containerDir() : jobDir;
        return new JobPlan(spec, alg.bootMode(), image, alg.bootCommand(), bootFile, args, env, pathVars, workDir, code,
                inputs, outputs, pool, flavor, nodes, spec.attempts(), spec.autoStop() == null ? null : spec.autoStop().duration(), null);
    }

    private static void channelValue(ChannelPlan c, List<Argument> args, Map<String, String> env, Set<String> pathVars) {
        if (c.obtainedFrom() == ObtainedFrom.ENVIRONMENT) {
            putPath(env, pathVars, c.name(), c.containerDir());
        } else {
            args.add(new Argument(c.name(), c.containerDir(), true));
        }
    }

    private static void putPath(Map<String, String> env, Set<String> pathVars, String name, String value) {
        env.put(name, value);
        pathVars.add(name);
    }
}
