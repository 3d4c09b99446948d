package io.modelarts.train.events;

/** The ModelArts level-1 phases, as shown to users. */
public enum JobStatus {
    CREATING("Creating"),
    PENDING("Pending"),
    RUNNING("Running"),
    COMPLETED("Completed"),
    FAILED("Failed"),
    ABNORMAL("Abnormal"),
    TERMINATING("Terminating"),
    TERMINATED("Terminated");

    private final String displayName;

    JobStatus(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /** Completed, Failed, Abnormal and Terminated are final: nothing changes after them. */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == ABNORMAL || this == TERMINATED;
    }

    public boolean isSuccess() {
        return this == COMPLETED;
    }

    public static JobStatus fromDisplayName(String name) {
        for (JobStatus s : values()) {
            if (s.displayName.equalsIgnoreCase(name) || s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
