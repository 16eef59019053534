package org.dmct.core.pack;

/** The DCC capability release a pack was written for (SEC Appendix AK): initial, middle or final operating capability. */
public enum Release { IOC, MOC, FOC }
