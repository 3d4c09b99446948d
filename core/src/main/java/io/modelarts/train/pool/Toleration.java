package io.modelarts.train.pool;

/** A Kubernetes toleration for the pool's or flavor's node taints. */
public record Toleration(String key, String operator, String value, String effect) {
}
