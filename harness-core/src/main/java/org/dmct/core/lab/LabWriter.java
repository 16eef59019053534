package org.dmct.core.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dmct.core.config.SecretRef;
import org.dmct.core.internal.Durations;

/**
 * Writes a {@link Lab} back as a lab file that {@link LabLoader} reads to the same DMCs, devices, links and keys
 * (secrets stay references: {@code {env: NAME}} or {@code {keystore: alias}}, never values). Profile, pack and
 * keystore locations are written as absolute paths so the file can live anywhere; this is how {@code dmct simulate
 * --write-lab} hands the endpoints it bound (and the installations it replicated) to {@code dmct run}.
 */
public final class LabWriter {
    private LabWriter() {
    }

    /** Writes the lab to {@code file} (replacing it) and returns the file. */
    public static Path write(Lab lab, Path file, String comment) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        Files.writeString(target, toYaml(lab, comment));
        return target;
    }

    /** The lab file text. */
    public static String toYaml(Lab lab, String comment) {
        StringBuilder y = new StringBuilder(256 + lab.dmcs().size() * 640);
        if (comment != null) {
            comment.lines().forEach(l -> y.append("# ").append(l).append('\n'));
        }
        y.append("lab:\n  id: ").append(q(lab.id())).append("\n  title: ").append(q(lab.title())).append('\n');
        if (!lab.environment().isEmpty()) {
            y.append("  environment:\n");
            new java.util.TreeMap<>(lab.environment()).forEach((k, v) ->
                    y.append("    ").append(q(k)).append(": ").append(q(v)).append('\n'));
        }
        y.append("profiles: ").append(paths(lab.profileDirs())).append('\n');
        if (!lab.packDirs().isEmpty()) {
            y.append("packs: ").append(paths(lab.packDirs())).append('\n');
        }
        y.append("defaults:\n  requestTimeout: ").append(Durations.human(lab.requestTimeout())).append('\n');
        if (lab.keystore() != null) {
            y.append("keystore: { path: ").append(q(lab.keystore().path().toAbsolutePath().toString()))
                    .append(", password: ").append(secret(lab.keystore().password())).append(" }\n");
        }
        if (lab.signingKey() != null) {
            y.append("signing: { key: ").append(secret(lab.signingKey())).append(" }\n");
        }
        y.append("dmcs:\n");
        for (LabDmc d : lab.dmcs()) {
            dmc(y, d);
        }
        return y.toString();
    }

    private static void dmc(StringBuilder y, LabDmc d) {
        y.append("  - id: ").append(q(d.id())).append('\n')
                .append("    title: ").append(q(d.title())).append('\n')
                .append("    smso: ").append(q(d.smso())).append('\n')
                .append("    installationType: ").append(d.installationType().name().toLowerCase(Locale.ROOT)
                        .replace('_', '-')).append('\n')
                .append("    simulated: ").append(d.simulated()).append('\n')
                .append("    link: ").append(link(d.link())).append('\n');
        if (d.push() != null) {
            y.append("    push: { host: ").append(q(d.push().host())).append(", port: ").append(d.push().port())
                    .append(" }\n");
        }
        d.controlEndpoint().ifPresent(c -> y.append("    control: ").append(q(c.toString())).append('\n'));
        y.append("    devices:\n");
        for (LabDevice dev : d.devices()) {
            y.append("      - { id: ").append(q(dev.id())).append(", type: ").append(dev.type().name())
                    .append(", profile: ").append(q(dev.profile().id())).append(", logicalDevice: ")
                    .append(dev.logicalDevice()).append(", serialNumber: ").append(q(dev.serialNumber()));
            if (dev.firmware() != null) {
                y.append(", firmware: ").append(q(dev.firmware()));
            }
            dev.deviceSecurity().ifPresent(s -> y.append(",\n          security: ").append(security(s)));
            if (!dev.faults().isEmpty()) {
                y.append(",\n          faults: ").append(faults(dev.faults()));
            }
            y.append(" }\n");
        }
    }

    private static String link(LinkSpec l) {
        StringBuilder s = new StringBuilder("{ transport: ").append(l.transport().labName());
        if (l.isTcp()) {
            s.append(", host: ").append(q(l.host())).append(", port: ").append(l.port());
        } else {
            LinkSpec.SerialLine line = l.serial();
            s.append(", serialPort: ").append(q(line.port())).append(", baud: ").append(line.baud())
                    .append(", dataBits: ").append(line.dataBits()).append(", parity: ")
                    .append(line.parity().name().toLowerCase(Locale.ROOT)).append(", stopBits: ")
                    .append(q(line.stopBits() == 15 ? "1.5" : String.valueOf(line.stopBits() / 10)));
        }
        if (l.hdlc() != null) {
            LinkSpec.HdlcOptions h = l.hdlc();
            s.append(", hdlc: { addressSize: ").append(h.addressSize()).append(", physicalAddress: ")
                    .append(h.physicalAddress()).append(", maxInformationLength: ").append(h.maxInformationLength())
                    .append(", windowSize: ").append(h.windowSize()).append(", interFrameTimeout: ")
                    .append(Durations.human(h.interFrameTimeout())).append(" }");
        }
        return s.append(" }").toString();
    }

    private static String security(DeviceSecurity s) {
        StringBuilder b = new StringBuilder("{ clientSystemTitle: ").append(q(s.clientSystemTitle()));
        if (s.serverSystemTitle() != null) {
            b.append(", serverSystemTitle: ").append(q(s.serverSystemTitle()));
        }
        Map<String, SecretRef> keys = new java.util.LinkedHashMap<>();
        keys.put("encryptionKey", s.encryptionKey());
        keys.put("authenticationKey", s.authenticationKey());
        keys.put("clientSigningKey", s.clientSigningKey());
        keys.put("serverCertificate", s.serverCertificate());
        keys.put("serverSigningKey", s.serverSigningKey());
        keys.put("masterKey", s.masterKey());
        keys.forEach((k, v) -> {
            if (v != null) {
                b.append(", ").append(k).append(": ").append(secret(v));
            }
        });
        if (s.recordDecryptedApdus()) {
            b.append(", recordDecryptedApdus: true");
        }
        return b.append(" }").toString();
    }

    private static String faults(List<org.dmct.core.fault.FaultSpec> faults) {
        StringBuilder b = new StringBuilder("[");
        for (org.dmct.core.fault.FaultSpec f : faults) {
            b.append(b.length() > 1 ? ", " : "").append("{ kind: ").append(f.kind().label());
            f.sortedParameters().forEach((k, v) -> b.append(", ").append(k).append(": ").append(q(v)));
            b.append(", seed: ").append(f.seed()).append(" }");
        }
        return b.append(']').toString();
    }

    private static String secret(SecretRef r) {
        return "{ " + r.source().name().toLowerCase(Locale.ROOT) + ": " + q(r.name()) + " }";
    }

    private static String paths(List<Path> dirs) {
        return dirs.stream().map(p -> q(p.toAbsolutePath().normalize().toString()))
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    /** A YAML double-quoted scalar: every string is quoted so ids like {@code 0001} or {@code on} stay strings. */
    private static String q(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
