package hudson.init;

/** Stand-in for core's {@code TermMilestone}: the milestones of Jenkins' shutdown that terminators order against. */
public enum TermMilestone {
    STARTED,
    COMPLETED
}
