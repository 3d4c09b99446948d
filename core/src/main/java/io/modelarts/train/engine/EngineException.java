package io.modelarts.train.engine;

/** A run could not be started or finished for a reason outside the job definition; the message is for people. */
public class EngineException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
