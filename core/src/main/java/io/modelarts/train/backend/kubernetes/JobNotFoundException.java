package io.modelarts.train.backend.kubernetes;

/** No Job of that name (ModelArts or Kubernetes) managed by modelarts-train exists in the namespace. */
public class JobNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public JobNotFoundException(String namespace, String name) {
        super("no modelarts-train job '" + name + "' in namespace " + namespace);
    }
}
