package io.modelarts.train.pool;

/** A preset engine of a pool: the name users pick and the image it runs. */
public record Engine(String name, String image) {
}
