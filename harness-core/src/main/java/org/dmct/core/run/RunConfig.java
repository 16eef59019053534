package org.dmct.core.run;

import org.dmct.core.spi.OperatorPrompt;
import org.dmct.core.spi.Stimuli;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.dmct.core.lab.Lab;
import org.dmct.core.pack.Pack;
import org.dmct.core.spi.DeviceAdapterProvider;
import org.dmct.core.spi.SecretResolver;

/**
 * Everything a run needs. Build with {@link #builder(Lab, List, EventLoopGroup, Path)}; required: the lab, the packs in
 * run order, the Netty event loops every DMC runs on, the bundle directory (new or empty), and the adapter providers
 * (the CLI passes {@link DeviceAdapterProvider#installed()}).
 *
 * @param dmcIds the DMCs to run, all of the lab's when empty
 * @param requestTimeout per-request bound given to adapters; the lab's {@code defaults.requestTimeout} by default
 * @param adapterGrace how much longer than the request timeout the runner waits for an adapter's answer before it
 *                     records E21 itself (an adapter should have answered E21 already)
 * @param communicationCutoff after this many consecutive tests of a DMC BLOCKED by communication failure, the rest of
 *                            the DMC's tests are BLOCKED without being sent; 0 disables the cutoff
 * @param harnessVersion written to evidence and manifest; {@code null} for the jar's implementation version or "dev"
 * @param runId {@code null} to generate one from the clock
 * @param stimuli how {@code stimulate} steps cause their events (control interface or operator)
 * @param maxActiveDmcs how many DMCs run at once, the others waiting in lab order for one to finish; 0 runs them all at
 *                      once. Real devices set their own pace, so a lab of meters keeps 0; a thousand simulated
 *                      installations on a few cores would otherwise queue in the harness and time out there
 * @param recordFrames whether every frame goes to the evidence log (default true); off only to measure what recording
 *                     costs (benchmark B3): a run without frames is not evidence of what was on the wire
 * @param supplierKeys the run's test PKI for critical requests: the Supplier's signing key the modelled DCC holds as
 *                     registered, and an unregistered one ({@link org.dmct.core.dcc.SupplierKeys}); fresh random keys
 *                     by default, derived from a seed for runs that must repeat byte for byte
 */
public record RunConfig(Lab lab, List<Pack> packs, EventLoopGroup eventLoops, Path bundleDir,
                        List<DeviceAdapterProvider> providers, List<String> dmcIds, Clock clock,
                        ProgressListener listener, SecretResolver secrets, Duration requestTimeout,
                        Duration adapterGrace, int communicationCutoff, ExitCriteria criteria, String harnessVersion,
                        String runId, boolean writeReports, Stimuli stimuli, int maxActiveDmcs,
                        boolean recordFrames, org.dmct.core.dcc.SupplierKeys supplierKeys) {
    public RunConfig {
        Objects.requireNonNull(stimuli, "stimuli");
        Objects.requireNonNull(lab, "lab");
        packs = List.copyOf(packs);
        Objects.requireNonNull(eventLoops, "eventLoops");
        Objects.requireNonNull(bundleDir, "bundleDir");
        providers = List.copyOf(providers);
        dmcIds = List.copyOf(dmcIds);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(adapterGrace, "adapterGrace");
        Objects.requireNonNull(criteria, "criteria");
        Objects.requireNonNull(supplierKeys, "supplierKeys");
        if (communicationCutoff < 0) {
            throw new IllegalArgumentException("communicationCutoff must be 0 (off) or more");
        }
        if (maxActiveDmcs < 0) {
            throw new IllegalArgumentException("maxActiveDmcs must be 0 (all at once) or more");
        }
        if (packs.isEmpty()) {
            throw new IllegalArgumentException("a run needs at least one pack");
        }
    }

    public static Builder builder(Lab lab, List<Pack> packs, EventLoopGroup eventLoops, Path bundleDir) {
        return new Builder(lab, packs, eventLoops, bundleDir);
    }

    /** Builder with the defaults: system UTC clock, no listener, environment secrets, cutoff 2, grace 2s. */
    public static final class Builder {
        private final Lab lab;
        private final List<Pack> packs;
        private final EventLoopGroup eventLoops;
        private final Path bundleDir;
        private List<DeviceAdapterProvider> providers = List.of();
        private final List<String> dmcIds = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private ProgressListener listener = ProgressListener.NONE;
        private SecretResolver secrets = SecretResolver.ENVIRONMENT;
        private Duration requestTimeout;
        private Duration adapterGrace = Duration.ofSeconds(2);
        private int communicationCutoff = 2;
        private ExitCriteria criteria = ExitCriteria.ALL_APPLICABLE_PASS;
        private String harnessVersion;
        private String runId;
        private boolean writeReports = true;
        private Stimuli stimuli;
        private OperatorPrompt operator = OperatorPrompt.NONE;
        private int maxActiveDmcs;
        private boolean recordFrames = true;
        private org.dmct.core.dcc.SupplierKeys supplierKeys;

        private Builder(Lab lab, List<Pack> packs, EventLoopGroup eventLoops, Path bundleDir) {
            this.lab = lab;
            this.packs = packs;
            this.eventLoops = eventLoops;
            this.bundleDir = bundleDir;
        }

        public Builder providers(List<DeviceAdapterProvider> value) {
            providers = value;
            return this;
        }

        public Builder dmcs(Collection<String> ids) {
            dmcIds.addAll(ids);
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        public Builder listener(ProgressListener value) {
            listener = value;
            return this;
        }

        public Builder secrets(SecretResolver value) {
            secrets = value;
            return this;
        }

        public Builder requestTimeout(Duration value) {
            requestTimeout = value;
            return this;
        }

        public Builder adapterGrace(Duration value) {
            adapterGrace = value;
            return this;
        }

        public Builder communicationCutoff(int consecutiveBlockedTests) {
            communicationCutoff = consecutiveBlockedTests;
            return this;
        }

        public Builder criteria(ExitCriteria value) {
            criteria = value;
            return this;
        }

        public Builder harnessVersion(String value) {
            harnessVersion = value;
            return this;
        }

        public Builder runId(String value) {
            runId = value;
            return this;
        }

        /** Whether the run writes {@code report/} itself at the end (default true). */
        public Builder writeReports(boolean value) {
            writeReports = value;
            return this;
        }

        /** How stimulate steps cause their events; by default {@link Stimuli#standard} with the operator given. */
        public Builder stimuli(Stimuli value) {
            stimuli = value;
            return this;
        }

        /** Who answers the prompts of stimulate steps on DMCs without a control interface (default: nobody). */
        public Builder operator(OperatorPrompt value) {
            operator = value;
            return this;
        }

        /** How many DMCs run at once (default 0: all). */
        public Builder maxActiveDmcs(int value) {
            maxActiveDmcs = value;
            return this;
        }

        /** Whether frames are recorded as evidence (default true; false only for measuring its cost). */
        public Builder recordFrames(boolean value) {
            recordFrames = value;
            return this;
        }

        /** The run's Supplier signing keys (default: fresh random ones). */
        public Builder supplierKeys(org.dmct.core.dcc.SupplierKeys value) {
            supplierKeys = value;
            return this;
        }

        public RunConfig build() {
            return new RunConfig(lab, packs, eventLoops, bundleDir, providers, dmcIds, clock, listener, secrets,
                    requestTimeout == null ? lab.requestTimeout() : requestTimeout, adapterGrace,
                    communicationCutoff, criteria, harnessVersion, runId, writeReports,
                    stimuli != null ? stimuli : Stimuli.standard(operator, clock), maxActiveDmcs, recordFrames,
                    supplierKeys != null ? supplierKeys : org.dmct.core.dcc.SupplierKeys.generate());
        }
    }
}
