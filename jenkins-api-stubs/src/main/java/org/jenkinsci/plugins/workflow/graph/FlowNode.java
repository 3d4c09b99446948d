package org.jenkinsci.plugins.workflow.graph;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Actionable;
import hudson.model.Saveable;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jenkinsci.plugins.workflow.flow.FlowExecution;

/**
 * Stand-in for workflow-api's {@code FlowNode}: a node of the Pipeline graph. A step gets its own node with
 * {@code getContext().get(FlowNode.class)}; {@link #getId()} is unique within the run and stable across
 * restarts. (workflow-api is a plugin of its own: the plugin manifest must list it when this class is used.)
 */
public abstract class FlowNode extends Actionable implements Saveable {
    private final transient FlowExecution exec;
    private final String id;
    private final transient List<FlowNode> parents;

    protected FlowNode(FlowExecution exec, String id, List<FlowNode> parents) {
        this.exec = exec;
        this.id = id;
        this.parents = parents == null ? Collections.emptyList() : List.copyOf(parents);
    }

    protected FlowNode(FlowExecution exec, String id, FlowNode... parents) {
        this(exec, id, Arrays.asList(parents));
    }

    public @NonNull FlowExecution getExecution() {
        return exec;
    }

    public List<FlowNode> getParents() {
        return parents;
    }

    /** The id of this node, unique within its execution. */
    public String getId() {
        return id;
    }

    @Override
    public String getDisplayName() {
        return getTypeDisplayName();
    }

    public String getDisplayFunctionName() {
        return getTypeFunctionName() != null ? getTypeFunctionName() : getDisplayName();
    }

    protected abstract String getTypeDisplayName();

    protected String getTypeFunctionName() {
        return null;
    }

    public String getUrl() throws IOException {
        return "execution/node/" + id + "/";
    }

    @Override
    public void save() throws IOException {
        // the stand-in persists nothing
    }

    @Override
    public boolean equals(Object obj) {
        if (!(obj instanceof FlowNode)) {
            return false;
        }
        FlowNode that = (FlowNode) obj;
        return id.equals(that.id) && Objects.equals(exec, that.exec);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[id=" + id + "]";
    }
}
