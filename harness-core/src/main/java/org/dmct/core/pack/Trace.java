package org.dmct.core.pack;

import java.util.List;
import java.util.Optional;

/**
 * What a test traces to: the SRV it exercises ({@code null} for a multi-SRV test), the SEC clauses and the requirement
 * ids. A traced SRV also decides applicability: the test applies to a DMC only if the profile of every device the SRV is
 * sent to lists it as supported.
 */
public record Trace(String srv, List<String> sec, List<String> requirements) {
    public static final Trace NONE = new Trace(null, List.of(), List.of());

    public Trace {
        sec = List.copyOf(sec);
        requirements = List.copyOf(requirements);
    }

    public Optional<String> optionalSrv() {
        return Optional.ofNullable(srv);
    }
}
