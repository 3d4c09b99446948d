package org.jenkinsci.remoting;

import java.io.Serializable;

/**
 * Stand-in for the remoting library's marker of objects that may be serialized only while being sent
 * over a remoting channel (never into build.xml or program.dat).
 */
public interface SerializableOnlyOverRemoting extends Serializable {}
