package io.modelarts.train.pool;

/**
 * Cluster-wide settings of the Kubernetes backend: the image of the init container and output-sync
 * sidecar (it must contain rclone), how long finished Jobs are kept, and the kubeconfig context.
 */
public record KubernetesSettings(String transferImage, Integer ttlSecondsAfterFinished, String context) {

    public static final String DEFAULT_TRANSFER_IMAGE = "rclone/rclone:1.68";
    public static final KubernetesSettings DEFAULT = new KubernetesSettings(DEFAULT_TRANSFER_IMAGE, 86400, null);

    public KubernetesSettings {
        transferImage = transferImage == null ? DEFAULT_TRANSFER_IMAGE : transferImage;
    }
}
