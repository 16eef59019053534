package org.dmct.sim.device;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.model.DeviceType;
import org.dmct.core.profile.AlertSettings;
import org.dmct.core.profile.CosemObjectRef;
import org.dmct.core.profile.DeclaredDefect;
import org.dmct.core.profile.DeviceFunction;
import org.dmct.core.profile.DeviceProfile;
import org.dmct.core.profile.RegisterSeed;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.ActionResult;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.CosemDateTime;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.MethodDescriptor;
import org.dmct.dlms.cosem.ObisCode;
import org.dmct.sim.cosem.ClockObject;
import org.dmct.sim.cosem.CosemObject;
import org.dmct.sim.cosem.CosemObject.AttributeRead;
import org.dmct.sim.cosem.CosemObject.MethodResult;
import org.dmct.sim.cosem.CosemObject.SelectiveRead;
import org.dmct.sim.cosem.DataObject;
import org.dmct.sim.cosem.DisconnectControlObject;
import org.dmct.sim.cosem.DlmsUnit;
import org.dmct.sim.cosem.ProfileGenericObject;
import org.dmct.sim.cosem.RegisterObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated logical device (the hub's own function, an ESME, a GSME behind the hub): the COSEM objects its
 * profile's function-to-object map names, with their behaviour, its clock and event log, and the firmware defects
 * its profile declares. Requests are checked against the object's class like a real device does; declared defects
 * are applied before the object sees the request.
 *
 * <p>State changes raise events ({@link #raise}): the disconnect control arming, opening and closing, and the
 * stimuli a test (or an operator) applies: {@link #supplyInterrupted()}, {@link #supplyRestored()},
 * {@link #tamper()}, {@link #lowBattery()}. Each is logged with the model's device code; one the profile's event map
 * lists is also sent as the profile's notification on every connection with an association open to this device,
 * or, when there is none, to the DMC's push destination. Delivery failures are logged, never thrown.
 */
public final class SimulatedDevice {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedDevice.class);
    /** The COSEM logical device name object every logical device has. */
    public static final ObisCode LOGICAL_DEVICE_NAME = ObisCode.parse("0-0:42.0.0.255");

    private final LabDevice declaration;
    private final DeviceClock clock;
    private final Map<ObisCode, CosemObject> objects = new LinkedHashMap<>();
    private final ProfileGenericObject eventLog;
    private final DisconnectControlObject supplySwitch;
    private final List<EventOutlet> connections = new CopyOnWriteArrayList<>();
    private volatile EventOutlet push;
    /** The frame counter object the public client reads on a secured device, null on an unsecured one. */
    private final ObisCode frameCounterObject;
    /** Secured devices: the highest invocation counter accepted from the client, across associations. */
    private long highestClientCounter;
    /** Secured devices: the next invocation counter of the device's own ciphered APDUs and HLS proofs. */
    private long ownCounter;
    /** The firmware it runs (changed by image activation), its replaced keys, its lifecycle and commissioning. */
    private final RunningFirmware firmware;
    private final DeviceCredentials credentials = new DeviceCredentials();
    private final DeviceLifecycle lifecycle = new DeviceLifecycle(this);
    /** Numbers the device's Data-Notifications (long-invoke-id), as a meter numbers its own pushes. */
    private final java.util.concurrent.atomic.AtomicInteger notificationInvokeIds =
            new java.util.concurrent.atomic.AtomicInteger();
    /** Registers, tariff, prepayment and display message, advancing with simulated time. */
    private final Metering metering;

    public SimulatedDevice(LabDevice declaration, java.time.Clock simulationClock) {
        this(declaration, simulationClock, 0L);
    }

    /**
     * @param runSeed mixed into the profile's consumption seed, so a run (or lab) can vary the values while the same
     *     seed still gives the same values
     */
    public SimulatedDevice(LabDevice declaration, java.time.Clock simulationClock, long runSeed) {
        this.declaration = declaration;
        this.firmware = new RunningFirmware(declaration.firmware());
        DeviceProfile profile = declaration.profile();
        this.clock = new DeviceClock(simulationClock, profile.simulation().metering().clockDriftPpm());
        this.metering = new Metering(declaration, clock, runSeed, this::supplySwitch,
                this::raise);
        add(DataObject.constant(LOGICAL_DEVICE_NAME,
                DlmsData.octets(ascii(logicalDeviceName(profile, declaration)))));
        ProfileGenericObject log = null;
        DisconnectControlObject sw = null;
        for (Map.Entry<String, CosemObjectRef> f : profile.functions().entrySet()) {
            String function = f.getKey();
            ObisCode obis = ObisCode.parse(f.getValue().obis());
            CosemObject object = build(function, obis, profile, declaration);
            if (object == null) {
                LOG.warn("{}: function {} ({}) is not simulated yet; requests for it answer object-undefined",
                        declaration.id(), function, obis);
                continue;
            }
            if (object.classId() != f.getValue().classId()) {
                LOG.warn("{}: profile gives class {} for {} but the simulator serves class {}",
                        declaration.id(), f.getValue().classId(), function, object.classId());
            }
            add(object);
            if (object instanceof ProfileGenericObject p && function.equals(DeviceFunction.EVENT_LOG)) {
                log = p;
            }
            if (object instanceof DisconnectControlObject d) {
                sw = d;
            }
        }
        this.eventLog = log;
        this.supplySwitch = sw;
        if (profile.protocol().secured()) {
            frameCounterObject = ObisCode.parse(profile.protocol().security().invocationCounter());
            // what a meter publishes: the highest counter it accepted, so a client continues above it
            add(new DataObject(frameCounterObject, () -> DlmsData.u32(clientInvocationCounter())));
        } else {
            frameCounterObject = null;
        }
        if (eventLog != null) {
            seedHistory(eventLog, profile.simulation().eventLogEntries());
        }
        if (simulationClock instanceof org.dmct.sim.time.SimulatedClock simulated && simulated.isManual()) {
            // charges and alerts happen as a test advances time, not only when the device is next asked
            simulated.onAdvance(metering::catchUp);
        }
    }

    private CosemObject build(String function, ObisCode obis, DeviceProfile profile, LabDevice device) {
        CosemObject metered = metering.build(function, obis);
        if (metered != null) {
            return metered;
        }
        switch (function) {
            case DeviceFunction.CLOCK:
                return new ClockObject(obis, clock);
            case DeviceFunction.SUPPLY_SWITCH:
                return new DisconnectControlObject(obis, DisconnectControlObject.CONNECTED,
                        profile.supplyControl().enableControlMode(), this::switchChanged);
            case DeviceFunction.FIRMWARE_IDENTIFIER:
                return new DataObject(obis, () -> DlmsData.octets(ascii(firmware.identifier())));
            case DeviceFunction.SERIAL_NUMBER:
                return DataObject.constant(obis, DlmsData.octets(ascii(device.serialNumber())));
            case DeviceFunction.MANUFACTURER:
                return DataObject.constant(obis, DlmsData.octets(ascii(profile.manufacturer())));
            case DeviceFunction.MODEL:
                return DataObject.constant(obis, DlmsData.octets(ascii(profile.model())));
            case DeviceFunction.EVENT_LOG:
                return ProfileGenericObject.eventLog(obis, clockObis(profile),
                        Math.max(profile.simulation().eventLogEntries(), 100) * 2);
            case DeviceFunction.LOAD_PROFILE:
                return registerProfile(function, obis, profile, Duration.ofMinutes(30),
                        profile.simulation().loadProfileEntries());
            case DeviceFunction.DAILY_READ_LOG:
                return registerProfile(function, obis, profile, Duration.ofDays(1),
                        profile.simulation().dailyReadLogEntries());
            default:
                CosemObject lifecycleObject = LifecycleObjects.build(function, obis, this);
                if (lifecycleObject != null) {
                    return lifecycleObject;
                }
                if (DeviceFunction.defaultClass(function) == 3) {
                    RegisterSeed seed = registerSeed(function, profile, device);
                    int unit = DlmsUnit.code(seed.unit()).orElseThrow(() -> new IllegalArgumentException(
                            profile.source() + ": simulation.registers." + function + ".unit '" + seed.unit()
                                    + "' is not a unit the simulator knows"));
                    return new RegisterObject(obis, seed::initial, seed.scaler(), unit);
                }
                return null;
        }
    }

    private static RegisterSeed registerSeed(String function, DeviceProfile profile, LabDevice device) {
        return profile.simulation().registers().getOrDefault(function,
                new RegisterSeed(0, 0, device.type() == DeviceType.GSME ? "m3" : "Wh"));
    }

    private static ObisCode clockObis(DeviceProfile profile) {
        return profile.function(DeviceFunction.CLOCK).map(c -> ObisCode.parse(c.obis())).orElse(ProfileGenericObject.CLOCK);
    }

    /**
     * A load profile or daily read log: the clock and the import register (the gas volume on a GSME), captured every
     * period, with a history consistent with the register's value now.
     */
    private ProfileGenericObject registerProfile(String function, ObisCode obis, DeviceProfile profile,
                                                 Duration period, int entries) {
        String register = DeviceFunction.ACTIVE_IMPORT_TOTAL;
        CosemObjectRef ref = profile.function(register).orElseThrow(() -> new IllegalArgumentException(
                profile.source() + ": function " + function + " captures the '" + register
                        + "' register, which this profile's functions do not name"));
        List<ProfileGenericObject.CaptureObject> columns = List.of(
                new ProfileGenericObject.CaptureObject(8, clockObis(profile), 2, 0),
                new ProfileGenericObject.CaptureObject(ref.classId(), ObisCode.parse(ref.obis()), 2, 0));
        return ProfileGenericObject.periodic(obis, columns, entries, period, clock::now,
                at -> List.of(DlmsData.dateTimeOctets(CosemDateTime.of(at)),
                        DlmsData.u32(metering.totalAtDeviceTime(at) & 0xFFFF_FFFFL)));
    }

    private void add(CosemObject object) {
        objects.put(object.logicalName(), object);
    }

    /** A deterministic history: the same device declaration always starts with the same log. */
    private void seedHistory(ProfileGenericObject log, int entries) {
        OffsetDateTime start = clock.now().withNano(0);
        int salt = Math.abs(declaration.serialNumber().hashCode());
        for (int i = entries; i > 0; i--) {
            int event = EventCodes.HISTORY[(salt + i) % EventCodes.HISTORY.length];
            int code = profile().alerts().deviceCode(event).orElse(event);
            logEvent(log, start.minusHours(6L * i + (salt % 5)), code);
        }
    }

    private static void logEvent(ProfileGenericObject log, OffsetDateTime time, int code) {
        log.append(List.of(DlmsData.dateTimeOctets(CosemDateTime.of(time)), DlmsData.u16(code)));
    }

    private void switchChanged(int from, int to, String cause) {
        metering.switchChanged(to);
        if (to == DisconnectControlObject.READY_FOR_RECONNECTION) {
            raise(DeviceEvent.SUPPLY_ARMED);
        } else if (to == DisconnectControlObject.DISCONNECTED && cause.startsWith("local_disconnect")) {
            raise(DeviceEvent.SUPPLY_DISABLED_FOR_CREDIT);
        } else if (to == DisconnectControlObject.DISCONNECTED) {
            raise(DeviceEvent.SUPPLY_DISABLED_REMOTELY);
        } else {
            raise(DeviceEvent.SUPPLY_ENABLED);
        }
    }

    // ---- events and alerts ----------------------------------------------------------------------------------

    /** Mains supply to the device is lost (GBCS 0x8F57 where the profile maps it). */
    public RaisedEvent supplyInterrupted() {
        return raise(DeviceEvent.SUPPLY_INTERRUPTED);
    }

    /** Mains supply is back (GBCS 0x8F35 where the profile maps it). */
    public RaisedEvent supplyRestored() {
        return raise(DeviceEvent.SUPPLY_RESTORED);
    }

    /** A tamper sensor trips (GBCS 0x8F3F where the profile maps it). */
    public RaisedEvent tamper() {
        return raise(DeviceEvent.TAMPER_DETECTED);
    }

    /** The battery runs low (GBCS 0x8F1F where the profile maps it). */
    public RaisedEvent lowBattery() {
        return raise(DeviceEvent.LOW_BATTERY);
    }

    /**
     * Logs an event under the model's device code and, if the profile's event map lists that code, reports it.
     * Returns at once; delivery happens on the connections' event loops.
     */
    public RaisedEvent raise(DeviceEvent event) {
        AlertSettings alerts = profile().alerts();
        int deviceCode = event.alertCode().flatMap(alerts::deviceCode).orElse(event.defaultDeviceCode());
        RaisedEvent raised = new RaisedEvent(id(), event, deviceCode, alerts.alertCode(deviceCode).orElse(null),
                clock.now());
        if (eventLog != null) {
            logEvent(eventLog, raised.time(), deviceCode);
        }
        if (raised.alerts()) {
            deliver(raised);
        } else {
            LOG.debug("{}: {} logged; profile {} maps no alert to it", id(), raised, profile().id());
        }
        return raised;
    }

    /** A connection that can carry this device's notifications while it has an association open to it. */
    public void attach(EventOutlet connection) {
        connections.add(connection);
    }

    public void detach(EventOutlet connection) {
        connections.remove(connection);
    }

    /** Where alerts go when no connection has an association open: the DMC's push destination. */
    public void pushTo(EventOutlet destination) {
        this.push = destination;
    }

    private void deliver(RaisedEvent raised) {
        List<CompletableFuture<Boolean>> offers = connections.stream().map(c -> offerSafely(c, raised)).toList();
        CompletableFuture.allOf(offers.toArray(new CompletableFuture[0])).whenComplete((x, e) -> {
            if (offers.stream().anyMatch(CompletableFuture::join)) {
                return;
            }
            EventOutlet destination = push;
            if (destination == null) {
                LOG.info("{}: {} not delivered: no association is open and the DMC has no push destination",
                        id(), raised);
                return;
            }
            offerSafely(destination, raised).thenAccept(sent -> {
                if (!sent) {
                    LOG.warn("{}: {} not delivered: the push destination did not take it", id(), raised);
                }
            });
        });
    }

    private CompletableFuture<Boolean> offerSafely(EventOutlet outlet, RaisedEvent raised) {
        try {
            return outlet.offer(this, raised).exceptionally(e -> {
                LOG.warn("{}: delivering {} failed: {}", id(), raised, e.toString());
                return false;
            });
        } catch (RuntimeException e) {
            LOG.warn("{}: delivering {} failed: {}", id(), raised, e.toString());
            return CompletableFuture.completedFuture(false);
        }
    }

    public LabDevice declaration() {
        return declaration;
    }

    public String id() {
        return declaration.id();
    }

    public int logicalDevice() {
        return declaration.logicalDevice();
    }

    public DeviceProfile profile() {
        return declaration.profile();
    }

    public DeviceClock clock() {
        return clock;
    }

    /** The firmware the device runs now (11.2 reads it). */
    public RunningFirmware firmware() {
        return firmware;
    }

    /** The keys in force when a key transfer replaced the lab's. */
    public DeviceCredentials credentials() {
        return credentials;
    }

    /** Lifecycle and commissioning state, and the HAN devices joined to this one. */
    public DeviceLifecycle lifecycle() {
        return lifecycle;
    }

    /** The frame counter object (class 1) a secured device serves to the public client; empty when unsecured. */
    public Optional<ObisCode> frameCounterObject() {
        return Optional.ofNullable(frameCounterObject);
    }

    /** @return the highest invocation counter the device accepted from its client; 0 before any */
    public synchronized long clientInvocationCounter() {
        return highestClientCounter;
    }

    /** @return the device's own next invocation counter */
    public synchronized long ownInvocationCounter() {
        return ownCounter;
    }

    /**
     * Keeps the counters of an association that ends or advances: neither ever goes back, so a replayed or stale
     * client counter stays refused in the next association, and the device never reuses a nonce.
     */
    public synchronized void keepInvocationCounters(long highestAccepted, long nextOwn) {
        highestClientCounter = Math.max(highestClientCounter, highestAccepted);
        ownCounter = Math.max(ownCounter, nextOwn);
    }

    public Duration responseDelay() {
        return declaration.profile().simulation().responseDelay();
    }

    public Optional<DisconnectControlObject> supplySwitch() {
        return Optional.ofNullable(supplySwitch);
    }

    public Optional<ProfileGenericObject> eventLog() {
        return Optional.ofNullable(eventLog);
    }

    public Collection<CosemObject> objects() {
        return objects.values();
    }

    /** Registers, tariff, prepayment and display message of this device. */
    /** The long-invoke-id of this device's next Data-Notification (24 bits, from 1). */
    public int nextNotificationInvokeId() {
        return notificationInvokeIds.incrementAndGet() & 0xFFFFFF;
    }

    public Metering metering() {
        return metering;
    }

    public AttributeRead get(AttributeDescriptor attribute, SelectiveRead selective) {
        metering.catchUp();
        CosemObject object = objects.get(attribute.instance());
        if (object == null) {
            return AttributeRead.error(DataAccessResult.OBJECT_UNDEFINED);
        }
        if (object.classId() != attribute.classId()) {
            return AttributeRead.error(DataAccessResult.OBJECT_CLASS_INCONSISTENT);
        }
        Optional<DeclaredDefect> defect = defect(DeclaredDefect.Kind.REFUSE_GET, attribute.instance(),
                attribute.attributeId(), null, null);
        if (defect.isPresent()) {
            return AttributeRead.error(DataAccessResult.valueOf(enumName(defect.get().result())));
        }
        return object.get(attribute.attributeId(), selective);
    }

    public DataAccessResult set(AttributeDescriptor attribute, DlmsData value) {
        metering.catchUp();
        CosemObject object = objects.get(attribute.instance());
        if (object == null) {
            return DataAccessResult.OBJECT_UNDEFINED;
        }
        if (object.classId() != attribute.classId()) {
            return DataAccessResult.OBJECT_CLASS_INCONSISTENT;
        }
        Optional<DeclaredDefect> defect = defect(DeclaredDefect.Kind.REFUSE_SET, attribute.instance(),
                attribute.attributeId(), null, value);
        if (defect.isPresent()) {
            LOG.debug("{}: declared defect {} refuses SET {}", id(), defect.get().id(), attribute);
            return DataAccessResult.valueOf(enumName(defect.get().result()));
        }
        DataAccessResult result = object.set(attribute.attributeId(), value);
        if (result == DataAccessResult.SUCCESS && object instanceof ClockObject) {
            raise(DeviceEvent.CLOCK_SET);
        }
        return result;
    }

    public MethodResult invoke(MethodDescriptor method, DlmsData parameters) {
        metering.catchUp();
        CosemObject object = objects.get(method.instance());
        if (object == null) {
            return MethodResult.of(ActionResult.OBJECT_UNDEFINED);
        }
        if (object.classId() != method.classId()) {
            return MethodResult.of(ActionResult.OBJECT_CLASS_INCONSISTENT);
        }
        Optional<DeclaredDefect> defect = defect(DeclaredDefect.Kind.REFUSE_ACTION, method.instance(), null,
                method.methodId(), parameters);
        if (defect.isPresent()) {
            return MethodResult.of(ActionResult.valueOf(enumName(defect.get().result())));
        }
        if (defect(DeclaredDefect.Kind.IGNORE_ACTION, method.instance(), null, method.methodId(), parameters)
                .isPresent()) {
            // the declared defect: the firmware acknowledges the method and does not carry it out
            return MethodResult.SUCCESS;
        }
        return object.invoke(method.methodId(), parameters);
    }

    private Optional<DeclaredDefect> defect(DeclaredDefect.Kind kind, ObisCode obis, Integer attribute,
                                            Integer method, DlmsData value) {
        for (DeclaredDefect d : profile().simulation().defects()) {
            if (d.kind() != kind) {
                continue;
            }
            CosemObjectRef ref = profile().functions().get(d.function());
            if (ref == null || !ObisCode.parse(ref.obis()).equals(obis)) {
                continue;
            }
            if (attribute != null && d.attribute() != null && !d.attribute().equals(attribute)) {
                continue;
            }
            if (method != null && d.method() != null && !d.method().equals(method)) {
                continue;
            }
            if (d.value() != null && (value == null || !d.value().equals(render(value)))) {
                continue;
            }
            return Optional.of(d);
        }
        return Optional.empty();
    }

    /** The text form a defect's {@code value} is compared with: numbers in decimal, strings as they are. */
    private static String render(DlmsData value) {
        if (value.asLong().isPresent()) {
            return Long.toString(value.asLong().getAsLong());
        }
        return value.asString().orElseGet(value::toString);
    }

    private static String enumName(String dlmsName) {
        return dlmsName.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    private static String logicalDeviceName(DeviceProfile profile, LabDevice device) {
        String flag = profile.manufacturer().replaceAll("[^A-Za-z]", "").toUpperCase(java.util.Locale.ROOT);
        flag = (flag + "XXX").substring(0, 3);
        return flag + device.serialNumber();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
