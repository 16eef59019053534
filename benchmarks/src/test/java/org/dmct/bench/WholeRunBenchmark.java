package org.dmct.bench;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.dmct.adapters.dlms.interop.GetPair;
import org.dmct.core.evidence.ExchangeStatistics;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.pack.Pack;
import org.dmct.core.pack.PackLoader;
import org.dmct.core.run.DmcResult;
import org.dmct.core.run.RunConfig;
import org.dmct.core.run.RunOutcome;
import org.dmct.core.run.Runner;
import org.dmct.core.spi.DeviceAdapterProvider;
import org.dmct.core.spi.SecretResolver;
import org.dmct.link.SocketTransport;
import org.dmct.sim.LabReplicas;
import org.dmct.sim.SimulatorHost;

/**
 * The whole-run benchmark of issue 7 (B1-B6): measures every figure in one JVM, each as the median of several runs,
 * and prints them with their ratios against the targets. The installations are the CI lab's DMCs replicated
 * ({@link LabReplicas}), served by a {@link SimulatorHost} in this JVM on the runner's event loops (as {@code dmct
 * demo} runs them; {@code --loops separate} gives them loops of their own, as a simulator in another process has), and
 * run by the runner with evidence on. B1 is a timed
 * loop of GETs here (the JMH form is {@link GetRoundTripBenchmark}); B6 runs {@code ./dmct demo} as a process.
 *
 * <p>Options: {@code --repeats R} (3), {@code --counts 1,10,100,1000}, {@code --parallel N} (100; the runner's
 * {@code maxActiveDmcs}), {@code --b1-seconds S} (5), {@code --b1-warmup S} (10: each pair's untimed pass),
 * {@code --loops shared|separate} (shared: B2-B5's simulators on the runner's event loops, as {@code dmct demo}),
 * {@code --only B1,B2,...} (all), {@code --out DIR}.
 */
public final class WholeRunBenchmark {
    private final Path root;
    private final Path out;
    private final int repeats;
    private final int parallel;
    private final int b1Seconds;
    /** How long each B1 pair runs untimed before the repeats, so the JIT has compiled both paths. */
    private int b1WarmupSeconds = 10;
    /**
     * Whether B2-B5's simulators get an event loop group of their own rather than the runner's. Shared is how
     * {@code dmct demo} runs them (and each DMC then runs on its installation's loop: {@code LoopAffinity});
     * separate is how a simulator in another process behaves, every request and answer crossing threads.
     */
    private boolean separateLoops;
    private final Lab ciLab;
    private final Lab serialLab;
    private final Pack pack;
    private final Map<String, String> lines = new LinkedHashMap<>();
    private final int cores = Runtime.getRuntime().availableProcessors();

    private WholeRunBenchmark(Path root, Path out, int repeats, int parallel, int b1Seconds) {
        this.root = root;
        this.out = out;
        this.repeats = repeats;
        this.parallel = parallel;
        this.b1Seconds = b1Seconds;
        this.ciLab = new LabLoader().load(root.resolve("lab-config/labs/ci-simulated.yaml"));
        this.serialLab = new LabLoader().load(root.resolve("lab-config/labs/ci-serial.yaml"));
        this.pack = new PackLoader().load(root.resolve("test-packs/packs/dmct-srv-reference.yaml"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        Path root = repositoryRoot();
        Path out = Path.of(o.getOrDefault("out", root.resolve("benchmarks/target/bench-runs").toString()));
        Files.createDirectories(out);
        WholeRunBenchmark b = new WholeRunBenchmark(root, out, Integer.parseInt(o.getOrDefault("repeats", "3")),
                Integer.parseInt(o.getOrDefault("parallel", "100")),
                Integer.parseInt(o.getOrDefault("b1-seconds", "5")));
        b.b1WarmupSeconds = Integer.parseInt(o.getOrDefault("b1-warmup", "10"));
        b.separateLoops = switch (o.getOrDefault("loops", "shared")) {
            case "shared" -> false;
            case "separate" -> true;
            default -> throw new IllegalArgumentException("--loops is shared or separate, got " + o.get("loops"));
        };
        Set<String> only = Set.of(o.getOrDefault("only", "B1,B2,B3,B4,B5,B6").toUpperCase(Locale.ROOT).split(","));
        int[] counts = Arrays.stream(o.getOrDefault("counts", "1,10,100,1000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        System.out.printf(Locale.ROOT, "DMCT whole-run benchmark: %d cores, %s %s, max heap %d MB, repeats %d,"
                        + " parallel %d, simulators on %s loops%n", b.cores, System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20, b.repeats, b.parallel,
                b.separateLoops ? "separate" : "the runner's");
        double jdlms = Double.NaN;
        if (only.contains("B1")) {
            jdlms = b.b1();
        }
        if (only.contains("B2") || only.contains("B5")) {
            b.b2(counts, jdlms, only.contains("B5"));
        }
        if (only.contains("B3")) {
            b.b3();
        }
        if (only.contains("B4")) {
            b.b4();
        }
        if (only.contains("B6")) {
            b.b6();
        }
        System.out.println();
        System.out.println("Summary (median of " + b.repeats + "):");
        b.lines.forEach((k, v) -> System.out.println("  " + k + ": " + v));
        System.exit(0);
    }

    // B1 ------------------------------------------------------------------------------------------------------

    private double b1() throws Exception {
        double jdlmsPlain = 0;
        GetPair.Peers[] peers = GetPair.Peers.values();
        for (boolean secured : new boolean[] {false, true}) {
            // Neither pair may be measured on a colder JVM than the other: one untimed pass of each first (the JIT
            // compiles both paths), then the repeats alternate between the pairs, so a burst of load from the rest
            // of a shared machine falls on both rather than on whichever ran at that moment.
            // The untimed pass is long (b1WarmupSeconds): our pair's path (Netty's epoll loop, the codec, the
            // completion chain) reached its steady rate only after several seconds of C2 compilation on two cores.
            for (GetPair.Peers p : peers) {
                try (GetPair pair = GetPair.start(p, secured)) {
                    pair.roundTripsFor(TimeUnit.SECONDS.toNanos(b1WarmupSeconds));
                }
            }
            double[][] rates = new double[peers.length][repeats];
            for (int r = 0; r < repeats; r++) {
                for (int k = 0; k < peers.length; k++) {
                    rates[k][r] = getRate(peers[k], secured);
                }
            }
            java.util.Map<GetPair.Peers, Double> medians = new java.util.EnumMap<>(GetPair.Peers.class);
            for (int k = 0; k < peers.length; k++) {
                medians.put(peers[k], median(rates[k]));
                System.out.printf(Locale.ROOT, "B1 %-15s %-9s GET round trips/s: %s -> median %.0f%n", peers[k],
                        secured ? "HLS-GMAC" : "no-sec", fmt(rates[k]), medians.get(peers[k]));
            }
            double ours = medians.get(GetPair.Peers.OURS);
            double theirs = medians.get(GetPair.Peers.JDLMS);
            double inProcess = medians.get(GetPair.Peers.OURS_IN_PROCESS);
            if (!secured) {
                jdlmsPlain = theirs;
            }
            // Both of our figures are printed with their own verdict: in process is how the harness runs its own
            // simulators (dmct demo, CI); separate loops is what a simulator in another process, or a meter, gives.
            lines.put("B1 GET/s " + (secured ? "HLS-GMAC suite 0" : "no security"), String.format(Locale.ROOT,
                    "jDLMS %.0f; ours in process %.0f, ratio %.2f (target >= 1.5: %s); ours on separate loops %.0f,"
                            + " ratio %.2f (%s)", theirs, inProcess, inProcess / theirs,
                    inProcess / theirs >= 1.5 ? "met" : "MISSED", ours, ours / theirs,
                    ours / theirs >= 1.5 ? "met" : "MISSED"));
        }
        return jdlmsPlain;
    }

    /**
     * Round trips per second on one association over b1Seconds, after a second of warm-up; each side driven as
     * {@link GetPair#roundTripsFor} says (one request outstanding at a time on both).
     */
    private double getRate(GetPair.Peers peers, boolean secured) throws Exception {
        try (GetPair pair = GetPair.start(peers, secured)) {
            pair.roundTripsFor(TimeUnit.SECONDS.toNanos(1));
            return pair.roundTripsFor(TimeUnit.SECONDS.toNanos(b1Seconds)).rate();
        }
    }

    // B2 and B5 ------------------------------------------------------------------------------------------------

    /** What one run of the SRV pack on N installations gave. */
    private record RunFigures(int installations, long exchanges, double seconds, int p50, int p99, int unexpected,
                              long heapAfterGcIdle, long heapPeak, long rssPeakKb, double cpuSeconds) {
        double rate() {
            return exchanges / seconds;
        }
    }

    private void b2(int[] counts, double jdlms, boolean memory) throws Exception {
        for (int count : counts) {
            List<RunFigures> runs = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                RunFigures f = run(ciLab, count, true, memory && count == counts[counts.length - 1] && r == 0);
                runs.add(f);
                System.out.printf(Locale.ROOT, "B2 %4d installations: %d exchanges in %.1f s = %.0f/s, p50 %d ms,"
                                + " p99 %d ms, DMCs with unexpected verdicts %d%n", count, f.exchanges(),
                        f.seconds(), f.rate(), f.p50(), f.p99(), f.unexpected());
                if (f.heapPeak() > 0) {
                    lines.put("B5 memory at " + count + " installations", String.format(Locale.ROOT,
                            "heap after GC: %d MB before, %d MB with them all serving (%.0f KB per installation),"
                                    + " peak heap during the run %d MB of %d MB max (target <= 512 MB: %s),"
                                    + " peak RSS %d MB", baselineHeap >> 20, f.heapAfterGcIdle() >> 20,
                            (f.heapAfterGcIdle() - baselineHeap) / 1024.0 / count, f.heapPeak() >> 20,
                            Runtime.getRuntime().maxMemory() >> 20,
                            Runtime.getRuntime().maxMemory() <= 512L << 20 ? "met, run completed in it"
                                    : "not checked: run with -Xmx512m", f.rssPeakKb() >> 10));
                }
            }
            double rate = median(runs.stream().mapToDouble(RunFigures::rate).toArray());
            double p50 = median(runs.stream().mapToDouble(RunFigures::p50).toArray());
            double p99 = median(runs.stream().mapToDouble(RunFigures::p99).toArray());
            double secs = median(runs.stream().mapToDouble(RunFigures::seconds).toArray());
            String ratio = Double.isNaN(jdlms) ? "" : String.format(Locale.ROOT, ", %.2f x jDLMS single association",
                    rate / jdlms);
            String target = count >= 1000 && !Double.isNaN(jdlms) ? String.format(Locale.ROOT,
                    " (targets: >= 4 x jDLMS: %s; p99 < 20 ms: %s)", rate / jdlms >= 4 ? "met" : "MISSED",
                    p99 < 20 ? "met" : "MISSED") : "";
            lines.put("B2 " + count + " installations", String.format(Locale.ROOT,
                    "%.0f exchanges/s%s, p50 %.0f ms, p99 %.0f ms, run %.1f s, unexpected verdicts %d%s", rate, ratio,
                    p50, p99, secs, runs.stream().mapToInt(RunFigures::unexpected).max().orElse(0), target));
        }
    }

    private long baselineHeap;

    /** One run of the SRV pack on {@code count} replicas of the lab's simulated DMCs, in this JVM. */
    private RunFigures run(Lab lab, int count, boolean recordFrames, boolean measureMemory) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        if (measureMemory) {
            baselineHeap = heapAfterGc(memory);
        }
        EventLoopGroup runLoops = SocketTransport.newGroup(cores);
        EventLoopGroup simulatorLoops = separateLoops ? SocketTransport.newGroup(cores) : runLoops;
        Path bundle = out.resolve("run-" + lab.id() + "-" + count + "-" + System.nanoTime());
        AtomicLong peak = new AtomicLong();
        java.util.concurrent.ScheduledExecutorService sampler = null;
        try (SimulatorHost host = SimulatorHost.start(LabReplicas.of(lab, count), simulatorLoops,
                Clock.systemUTC(), SecretResolver.ENVIRONMENT, true)) {
            long idle = measureMemory ? heapAfterGc(memory) : 0;
            if (measureMemory) {
                sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
                sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(),
                        Math::max), 0, 100, TimeUnit.MILLISECONDS);
            }
            RunConfig config = RunConfig.builder(host.lab(), List.of(pack), runLoops, bundle)
                    .providers(DeviceAdapterProvider.installed()).maxActiveDmcs(parallel)
                    .recordFrames(recordFrames).harnessVersion("bench").build();
            long cpuBefore = processCpuNanos();
            RunOutcome outcome = Runner.start(config).outcome().get(60, TimeUnit.MINUTES);
            double cpu = (processCpuNanos() - cpuBefore) / 1e9;
            if (outcome.errorMessage().isPresent()) {
                throw new IllegalStateException("the run failed: " + outcome.errorMessage().get());
            }
            double seconds = Duration.between(outcome.started(), outcome.finished()).toNanos() / 1e9;
            int unexpected = 0;
            for (DmcResult d : outcome.dmcs()) {
                // The CI lab's defect: the copies of DMC-CHARLIE fail Arm Supply; every other copy meets its criteria.
                boolean expectMet = !d.dmcId().startsWith("DMC-CHARLIE");
                if (d.criteriaMet() != expectMet) {
                    unexpected++;
                }
            }
            ExchangeStatistics stats = recordFrames ? ExchangeStatistics.read(outcome.bundle().evidence()) : null;
            if (sampler != null) {
                sampler.shutdownNow();
            }
            return new RunFigures(outcome.dmcs().size(), stats == null ? -1 : stats.exchanges(), seconds,
                    stats == null ? -1 : stats.percentileMillis(50), stats == null ? -1 : stats.percentileMillis(99),
                    unexpected, idle, peak.get(), measureMemory ? rssPeakKb() : 0, cpu);
        } finally {
            runLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            if (simulatorLoops != runLoops) {
                simulatorLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            }
            deleteTree(bundle);
        }
    }

    /** CPU time of the whole process (simulators and harness alike), in ns; -1 where the JVM cannot tell. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private static long heapAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long rssPeakKb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no figure
        }
        return -1;
    }

    // B3 ------------------------------------------------------------------------------------------------------

    /**
     * B3 on wall time and on CPU time: the SRV pack waits for alerts (and for their absence) on every DMC, so its wall
     * time hides what recording costs; the CPU the process spends on the same run does not.
     */
    private void b3() throws Exception {
        int count = 100;
        double[] on = new double[repeats];
        double[] off = new double[repeats];
        double[] cpuOn = new double[repeats];
        double[] cpuOff = new double[repeats];
        long exchanges = 0;
        // One untimed pair first, and the order alternates: whichever ran first on a cold JVM paid for the JIT.
        run(ciLab, count, true, false);
        run(ciLab, count, false, false);
        for (int r = 0; r < repeats; r++) {
            boolean recordedFirst = r % 2 == 0;
            RunFigures first = run(ciLab, count, recordedFirst, false);
            RunFigures second = run(ciLab, count, !recordedFirst, false);
            RunFigures a = recordedFirst ? first : second;
            RunFigures b = recordedFirst ? second : first;
            exchanges = a.exchanges();
            on[r] = a.seconds();
            off[r] = b.seconds();
            cpuOn[r] = a.cpuSeconds();
            cpuOff[r] = b.cpuSeconds();
            System.out.printf(Locale.ROOT, "B3 %d installations: frames recorded %.1f s (CPU %.1f s), not recorded"
                    + " %.1f s (CPU %.1f s)%n", count, on[r], cpuOn[r], off[r], cpuOff[r]);
        }
        double mOn = median(on);
        double mOff = median(off);
        double cost = (mOn - mOff) / mOff * 100;
        double cpuCost = (median(cpuOn) - median(cpuOff)) / median(cpuOff) * 100;
        lines.put("B3 evidence cost (" + count + " installations)", String.format(Locale.ROOT,
                "recorded %.0f exchanges/s (%.1f s), not recorded %.0f exchanges/s (%.1f s): cost %.1f %% of"
                        + " throughput (target <= 10 %%: %s); CPU %.1f s vs %.1f s: %.1f %% more CPU", exchanges / mOn,
                mOn, exchanges / mOff, mOff, cost, cost <= 10 ? "met" : "MISSED", median(cpuOn), median(cpuOff),
                cpuCost));
    }

    // B4 ------------------------------------------------------------------------------------------------------

    private void b4() throws Exception {
        double[] one = new double[repeats];
        double[] fifty = new double[repeats];
        // ci-serial.yaml declares 115200 baud; B4 is about a 9600-baud lab (an optical probe's speed).
        Lab slow = atBaud(serialLab, B4_BAUD);
        // One untimed pass of the 50 first: in a cold JVM (B4 alone) the C2 compiler used about 60 % of the CPU of
        // the first 50-DMC run (per-thread CPU sampled from /proc), so the ratio measured the JIT, not the lines.
        System.out.printf(Locale.ROOT, "B4 warm-up (not counted): 50 DMCs %.1f s%n", wall(slow, 50));
        for (int r = 0; r < repeats; r++) {
            one[r] = wall(slow, 1);
            fifty[r] = wall(slow, 50);
            System.out.printf(Locale.ROOT, "B4 9600 baud HDLC serial: 1 DMC %.1f s, 50 DMCs %.1f s%n", one[r],
                    fifty[r]);
        }
        double ratio = median(fifty) / median(one);
        lines.put("B4 9600 baud, 1 vs 50 DMCs", String.format(Locale.ROOT,
                "1 DMC %.1f s, 50 DMCs %.1f s: ratio %.2f (target <= 1.2: %s)", median(one), median(fifty), ratio,
                ratio <= 1.2 ? "met" : "MISSED"));
    }

    private static final int B4_BAUD = 9600;

    /** The lab with every serial link at {@code baud}: the simulators shape their answers to it. */
    private static Lab atBaud(Lab lab, int baud) {
        List<org.dmct.core.lab.LabDmc> dmcs = lab.dmcs().stream().map(d -> {
            org.dmct.core.lab.LinkSpec l = d.link();
            if (l.serial() == null) {
                return d;
            }
            org.dmct.core.lab.LinkSpec.SerialLine s = l.serial();
            return d.withLink(new org.dmct.core.lab.LinkSpec(l.transport(), l.host(), l.port(),
                    new org.dmct.core.lab.LinkSpec.SerialLine(s.port(), baud, s.dataBits(), s.parity(), s.stopBits()),
                    l.hdlc()));
        }).toList();
        return new Lab(lab.id(), lab.title(), lab.environment(), dmcs, lab.profileDirs(), lab.packDirs(),
                lab.requestTimeout(), lab.source(), lab.sha256());
    }

    /** The run's wall time on {@code count} installations of a lab whose links are serial lines at their baud. */
    private double wall(Lab lab, int count) throws Exception {
        RunFigures f = runAllAtOnce(lab, count);
        if (f.unexpected() > 0) {
            System.out.printf("B4 warning: %d DMCs ended with unexpected verdicts%n", f.unexpected());
        }
        return f.seconds();
    }

    private RunFigures runAllAtOnce(Lab lab, int count) throws Exception {
        WholeRunBenchmark allAtOnce = new WholeRunBenchmark(root, out, repeats, 0, b1Seconds);
        Lab one = lab.dmcs().size() > 1 ? new Lab(lab.id(), lab.title(), lab.environment(),
                lab.dmcs().subList(0, 1), lab.profileDirs(), lab.packDirs(), lab.requestTimeout(), lab.source(),
                lab.sha256()) : lab;
        return allAtOnce.run(one, count, true, false);
    }

    // B6 ------------------------------------------------------------------------------------------------------

    private void b6() throws Exception {
        double[] secs = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            Path bundle = out.resolve("demo-" + System.nanoTime());
            long start = System.nanoTime();
            Process p = new ProcessBuilder(root.resolve("dmct").toString(), "demo", "--out", bundle.toString())
                    .redirectErrorStream(true).redirectOutput(out.resolve("demo.log").toFile()).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("./dmct demo did not end within 10 minutes");
            }
            secs[r] = (System.nanoTime() - start) / 1e9;
            boolean report = Files.isRegularFile(bundle.resolve("report/report.html"));
            System.out.printf(Locale.ROOT, "B6 ./dmct demo: exit %d, report %s, %.1f s%n", p.exitValue(),
                    report ? "written" : "MISSING", secs[r]);
            if (!report) {
                throw new IllegalStateException("./dmct demo wrote no report; see " + out.resolve("demo.log"));
            }
            deleteTree(bundle);
        }
        double m = median(secs);
        lines.put("B6 ./dmct demo to written report", String.format(Locale.ROOT, "%.1f s (target < 15 s: %s)", m,
                m < 15 ? "met" : "MISSED"));
    }

    // helpers -------------------------------------------------------------------------------------------------

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String fmt(double[] values) {
        return Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.0f", v)).toList().toString();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("options are --name value pairs: --repeats, --counts, --parallel,"
                        + " --b1-seconds, --b1-warmup, --loops, --only, --out; got " + args[i]);
            }
            o.put(args[i].substring(2), args[++i]);
        }
        return o;
    }

    /** The repository: the first directory upwards from the working directory that holds the CI lab. */
    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("lab-config/labs/ci-simulated.yaml"))) {
                return p;
            }
        }
        throw new IllegalStateException("run the benchmark inside the repository: no lab-config/labs/ci-simulated.yaml"
                + " above " + Path.of("").toAbsolutePath());
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a bundle left behind in target/ does no harm
        }
    }
}
