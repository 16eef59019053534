package org.dmct.sim;

import java.util.ArrayList;
import java.util.List;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;

/**
 * Makes a lab of N simulated installations from the simulated DMCs of a lab, for scale runs ({@code dmct simulate
 * --count N}): copy {@code i} (1-based) follows template {@code (i-1) mod T} and gets ids and serial numbers derived
 * from the template's with a four-digit suffix ({@code DMC-ALPHA-0001}, {@code ALPHA-ESME-0001},
 * {@code ACM-A1-0004471-0001}), so every copy is a distinct installation with the template's profiles, firmware and
 * keys. Copies take any free port, and have no push destination: their devices raise alerts inside the association
 * that is open to them, which is where the SRV pack expects them; a thousand extra push listeners whose ports are
 * chosen before they are bound would race the thousand simulator ports for the same ephemeral range.
 */
public final class LabReplicas {
    /** The most installations one lab may hold: beyond that the loopback port range itself runs short. */
    public static final int MAX_COUNT = 9_999;

    private LabReplicas() {
    }

    /**
     * The lab with exactly {@code count} simulated DMCs. With {@code count} at most the number of simulated DMCs,
     * the first {@code count} of them unchanged; beyond it, {@code count} derived copies. DMCs that are not simulated
     * are left out: a scale lab is served entirely by simulators.
     *
     * @throws IllegalArgumentException when the lab has no simulated DMC or count is out of 1..{@link #MAX_COUNT}
     */
    public static Lab of(Lab lab, int count) {
        List<LabDmc> templates = lab.dmcs().stream().filter(LabDmc::simulated).toList();
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("lab " + lab.id() + " has no simulated DMC to replicate");
        }
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("the installation count must be 1.." + MAX_COUNT + ", not " + count);
        }
        List<LabDmc> dmcs = new ArrayList<>(count);
        if (count <= templates.size()) {
            dmcs.addAll(templates.subList(0, count));
        } else {
            for (int i = 1; i <= count; i++) {
                dmcs.add(copy(templates.get((i - 1) % templates.size()), String.format("-%04d", i)));
            }
        }
        return new Lab(lab.id() + (count <= templates.size() ? "" : "-x" + count), lab.title()
                + (count <= templates.size() ? "" : " (" + count + " installations)"), lab.environment(), dmcs,
                lab.profileDirs(), lab.packDirs(), lab.requestTimeout(), lab.source(), lab.sha256(), lab.keystore(),
                lab.signingKey());
    }

    /** The template with derived ids and serials; the number of the copy is in its title too. */
    static LabDmc copy(LabDmc template, String suffix) {
        List<LabDevice> devices = template.devices().stream().map(d -> new LabDevice(d.id() + suffix, d.type(),
                d.profile(), d.firmware(), d.logicalDevice(), d.serialNumber() + suffix,
                d.deviceSecurity().orElse(null))).toList();
        return new LabDmc(template.id() + suffix, template.title() + " #" + suffix.substring(1), template.smso(),
                template.installationType(), true, template.link().isTcp() ? template.link().withPort(0)
                : template.link(), devices, null);
    }
}
