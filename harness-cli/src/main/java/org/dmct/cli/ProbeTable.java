package org.dmct.cli;

import java.io.PrintWriter;
import java.util.List;
import org.dmct.core.lab.Lab;
import org.dmct.core.probe.DeviceProbe;

/** The terminal table of {@code dmct lab probe}: one row per device, then every problem under its device. */
final class ProbeTable {
    private ProbeTable() {
    }

    static void print(PrintWriter out, Lab lab, List<DeviceProbe> results) {
        out.printf("Probe of lab %s (%s)%n", lab.id(), lab.source());
        out.printf("%-12s %-16s %-5s %-12s %-16s %-14s %-12s %9s %8s%n", "DMC", "DEVICE", "TYPE", "STATUS",
                "SERIAL", "MODEL", "FIRMWARE", "FIRST ms", "RTT ms");
        for (DeviceProbe r : results) {
            out.printf("%-12s %-16s %-5s %-12s %-16s %-14s %-12s %9s %8s%n", r.dmcId(), r.deviceId(), r.type(),
                    r.status(), cell(r, "serialNumber"), cell(r, "model"), cell(r, "firmwareVersion"),
                    r.firstExchangeMs() == null ? "-" : r.firstExchangeMs(),
                    r.roundTripMs() == null ? "-" : r.roundTripMs());
        }
        long bad = results.stream().filter(r -> r.status() != DeviceProbe.Status.OK).count();
        for (DeviceProbe r : results) {
            for (String p : r.problems()) {
                out.printf("  %s %s (%s): %s%n", r.dmcId(), r.deviceId(), r.link(), p);
            }
        }
        out.printf("%d of %d devices OK%s%n", results.size() - bad, results.size(),
                bad == 0 ? "" : "; " + bad + " unreachable or not as declared");
    }

    private static String cell(DeviceProbe r, String key) {
        String v = r.read().get(key);
        return v == null ? "-" : v;
    }
}
