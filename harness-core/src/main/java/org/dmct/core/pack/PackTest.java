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
 */
public record PackTest(String id, String title, TestKind kind, List<DeviceType> devices, Trace trace,
                       Duration timeout, List<Step> preconditions, List<Step> steps, int line) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

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
