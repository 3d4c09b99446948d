package jenkins.util.io;

/**
 * Stand-in marker for objects that live only on the controller.
 */
public interface OnMaster {}
