package org.dmct.core.run;

/**
 * A test's verdict on a DMC. PASS: every precondition and step passed. FAIL: the DMC answered and the answer was
 * wrong, or the test timed out. BLOCKED: the test could not be carried out (a precondition did not hold, the device
 * could not be reached or did not answer, no adapter could serve the DMC); it says nothing about the DMC's behaviour.
 * NOT_RUN: the test was not applicable to the DMC, or the run ended before it ran.
 */
public enum Verdict { PASS, FAIL, BLOCKED, NOT_RUN }
