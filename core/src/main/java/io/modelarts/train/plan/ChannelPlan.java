package io.modelarts.train.plan;

import io.modelarts.train.spec.ObtainedFrom;

/** An input or output channel: where its data lives ({@code source}) and where the container sees it. */
public record ChannelPlan(String name, String source, String containerDir, ObtainedFrom obtainedFrom, boolean predownload) {
}
