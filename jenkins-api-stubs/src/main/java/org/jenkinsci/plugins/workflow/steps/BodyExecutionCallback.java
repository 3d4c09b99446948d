package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.FutureCallback;
import java.io.Serializable;

/**
 * Stand-in for workflow-step-api's {@code BodyExecutionCallback}.
 */
public abstract class BodyExecutionCallback implements Serializable {
    private static final long serialVersionUID = 1L;

    public void onStart(StepContext context) {}

    public abstract void onSuccess(StepContext context, Object result);

    public abstract void onFailure(StepContext context, Throwable t);

    public static BodyExecutionCallback wrap(FutureCallback<Object> v) {
        return new BodyExecutionCallback() {
            private static final long serialVersionUID = 1L;

            @Override
            public void onSuccess(StepContext context, Object result) {
                v.onSuccess(result);
            }

            @Override
            public void onFailure(StepContext context, Throwable t) {
                v.onFailure(t);
            }
        };
    }
}
