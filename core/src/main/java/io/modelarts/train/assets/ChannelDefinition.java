package io.modelarts.train.assets;

/** An input or output channel a saved algorithm reads or writes; a {@code required} one must be filled by every job. */
public record ChannelDefinition(String name, boolean required, String description) {
}
