package io.modelarts.train.plan;

/** One {@code --name=value} argument of the boot command. {@code path} marks values that are container paths. */
public record Argument(String name, String value, boolean path) {

    public String render(PathMapper mapper) {
        return ShellQuoting.quote("--" + name + "=" + (path ? mapper.map(value) : value));
    }
}
