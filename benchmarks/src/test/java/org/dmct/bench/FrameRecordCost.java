package org.dmct.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.dmct.core.evidence.EvidenceTypes;
import org.dmct.core.evidence.EvidenceWriter;
import org.dmct.core.internal.Fields;

/**
 * B3 in isolation: the CPU one frame record costs, on the recording thread (an event loop in a run) and in the whole
 * process (the writer thread's encoding, hashing and writing included), written the way frames were recorded before
 * ({@code append} with a hex string and a JSON tree) and with {@link EvidenceWriter#appendFrame}. Frames of 20-300
 * bytes, as the SRV pack's are; the log goes to a temporary file. Arguments: {@code [frames per pass] [passes]}.
 */
public final class FrameRecordCost {
    private FrameRecordCost() {
    }

    public static void main(String[] args) throws Exception {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        byte[][] samples = new byte[256][];
        Random random = new Random(1);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = new byte[20 + random.nextInt(280)];
            random.nextBytes(samples[i]);
        }
        for (int pass = 0; pass < passes; pass++) {
            for (boolean direct : new boolean[] {false, true}) {
                Path dir = Files.createTempDirectory("frame-cost");
                Path log = dir.resolve("evidence.jsonl");
                var threads = ManagementFactory.getThreadMXBean();
                long processBefore = processCpuNanos();
                long threadBefore = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                try (EvidenceWriter w = EvidenceWriter.create(log, Clock.systemUTC())) {
                    for (int i = 0; i < frames; i++) {
                        byte[] b = samples[i & 255];
                        if (direct) {
                            w.appendFrame("REQ-" + (i >> 4), "DMC-ALPHA-0001", "ALPHA-ESME-0001",
                                    (i & 1) == 0 ? "sent" : "received", b, null);
                        } else {
                            w.append(EvidenceTypes.FRAME, Fields.of("requestId", "REQ-" + (i >> 4), "dmc",
                                    "DMC-ALPHA-0001", "device", "ALPHA-ESME-0001", "direction",
                                    (i & 1) == 0 ? "sent" : "received", "hex", HexFormat.of().formatHex(b),
                                    "length", b.length, "note", null));
                        }
                    }
                    long threadCpu = threads.getCurrentThreadCpuTime() - threadBefore;
                    w.finish().get(10, TimeUnit.MINUTES);
                    long wall = System.nanoTime() - start;
                    long processCpu = processCpuNanos() - processBefore;
                    System.out.printf(Locale.ROOT, "pass %d %-8s %d frames: recording thread %.2f us/frame, process CPU"
                                    + " %.2f us/frame, wall %.2f us/frame, %d MB written%n", pass,
                            direct ? "direct" : "jackson", frames, threadCpu / 1e3 / frames, processCpu / 1e3 / frames,
                            wall / 1e3 / frames, Files.size(log) >> 20);
                }
                Files.delete(log);
                Files.delete(dir);
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
