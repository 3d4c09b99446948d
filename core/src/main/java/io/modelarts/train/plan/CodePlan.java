package io.modelarts.train.plan;

/** The code directory: its source (object-store URI or local folder) and its folder in the container. */
public record CodePlan(String source, String containerDir, boolean local) {
}
