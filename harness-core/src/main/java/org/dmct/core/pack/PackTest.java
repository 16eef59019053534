package org.dmct.core.pack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dmct.core.model.DeviceType;

/**
 * One test of a pack. Preconditions run first; if one does not pass the test is BLOCKED, not failed. The whole test
 * is bounded by {@code timeout}.
 *
 * @param devices the device types a DMC must have for the test to apply
 * @param line where the test starts in its pack file
 * @param retries how many more times the whole test may run after a run that did not pass; 0 unless the pack says so
 *                (retries are never implicit), and every attempt is evidence
 */
public record PackTest(String id, String title, TestKind kind, List<DeviceType> devices, Trace trace,
                       Duration timeout, List<Step> preconditions, List<Step> steps, int line, int retries) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    public static final int MAX_RETRIES = 5;

    public PackTest(String id, String title, TestKind kind, List<DeviceType> devices, Trace trace,
                    Duration timeout, List<Step> preconditions, List<Step> steps, int line) {
        this(id, title, kind, devices, trace, timeout, preconditions, steps, line, 0);
    }

    public PackTest {
        devices = List.copyOf(devices);
        preconditions = List.copyOf(preconditions);
        steps = List.copyOf(steps);
    }

    /** The SRV the test traces, if any. */
    public Optional<String> srv() {
        return trace.optionalSrv();
    }

    /** Every send step, preconditions first. */
    public List<SendStep> sends() {
        List<SendStep> sends = new ArrayList<>();
        for (Step s : preconditions) {
            if (s instanceof SendStep send) {
                sends.add(send);
            }
        }
        for (Step s : steps) {
            if (s instanceof SendStep send) {
                sends.add(send);
            }
        }
        return sends;
    }
}
