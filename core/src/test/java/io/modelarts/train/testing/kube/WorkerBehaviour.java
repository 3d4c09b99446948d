package io.modelarts.train.testing.kube;

/**
 * What one worker pod does, scripted by a test: it runs on its own thread of the {@link TestKubelet} and
 * moves the pod with {@link PodControl}. Throwing {@link PodControl.PodGoneException} (any call on a
 * deleted pod does) simply ends it.
 */
@FunctionalInterface
public interface WorkerBehaviour {

    void run(PodControl pod) throws Exception;

    /** Download, start, print {@code lines}, exit 0. */
    static WorkerBehaviour succeed(String... lines) {
        return pod -> {
            pod.runDownload();
            pod.start();
            pod.log(lines);
            pod.exit(0);
        };
    }

    /** Download, start, print {@code lines}, exit with {@code code}. */
    static WorkerBehaviour fail(int code, String... lines) {
        return pod -> {
            pod.runDownload();
            pod.start();
            pod.log(lines);
            pod.exit(code);
        };
    }
}
