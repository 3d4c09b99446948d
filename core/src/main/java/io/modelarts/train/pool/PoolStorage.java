package io.modelarts.train.pool;

/** A parallel file system of a pool, exposed as a PersistentVolumeClaim. */
public record PoolStorage(String name, String claim) {
}
