package org.dmct.sim.device;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.model.DeviceType;
import org.dmct.core.profile.DeclaredDefect;
import org.dmct.core.profile.DeviceFunction;
import org.dmct.core.profile.DeviceProfile;
import org.dmct.core.profile.MeteringSpec;
import org.dmct.core.profile.PrepaymentSpec;
import org.dmct.core.profile.RegisterSeed;
import org.dmct.core.profile.TariffSpec;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.ObisCode;
import org.dmct.sim.cosem.DisplayMessageObject;
import org.dmct.sim.cosem.CosemObject;
import org.dmct.sim.cosem.DisconnectControlObject;
import org.dmct.sim.cosem.DlmsUnit;
import org.dmct.sim.cosem.RegisterObject;
import org.dmct.sim.cosem.WritableDataObject;

/**
 * The metering behaviour of one simulated device, built from its profile's {@code simulation:} section: the import
 * register and its time-of-use rate registers advancing from the {@link ConsumptionModel}, the device's copy of the
 * tariff ({@link TariffState}) with its COSEM objects, the prepayment account ({@link PrepaymentState}) with its
 * credit, debt, configuration and token gateway objects, and the display message. {@link SimulatedDevice} asks it
 * for the objects of these functions and lets it catch up with simulated time before every request.
 */
public final class Metering {

    private final LabDevice declaration;
    private final DeviceClock clock;
    private final MeteringSpec spec;
    private final TariffState tariff;
    private final ConsumptionModel consumption;
    private final PrepaymentState prepayment;
    private final Supplier<Optional<DisconnectControlObject>> supplySwitch;
    private final boolean registerGoesBackwards;
    private final long totalAtStart;
    /** The display message object, once the profile maps {@code displayMessage}. */
    private volatile DisplayMessageObject display;

    public Metering(LabDevice declaration, DeviceClock clock, long runSeed,
                    Supplier<Optional<DisconnectControlObject>> supplySwitch, Consumer<DeviceEvent> events) {
        this.declaration = declaration;
        this.clock = clock;
        this.supplySwitch = supplySwitch;
        DeviceProfile profile = declaration.profile();
        this.spec = profile.simulation().metering();
        this.tariff = new TariffState(spec.tariff());
        RegisterSeed total = seed(DeviceFunction.ACTIVE_IMPORT_TOTAL);
        long[] rates = new long[9];
        for (int r = 1; r <= 8; r++) {
            String f = DeviceFunction.ACTIVE_IMPORT_RATE_PREFIX + r;
            if (profile.functions().containsKey(f)) {
                rates[r] = seed(f).initial();
            }
        }
        Instant start = clock.trueNow();
        this.totalAtStart = total.initial();
        this.consumption = new ConsumptionModel(
                ConsumptionModel.deviceSeed(spec.seed() ^ runSeed, declaration.serialNumber(), DeviceFunction.ACTIVE_IMPORT_TOTAL),
                start, total.initial(), rates, total.unit(), total.scaler(), tariff::current);
        tariff.beforeChange(consumption::ratesAt);
        this.registerGoesBackwards = profile.simulation().defects().stream().anyMatch(
                d -> d.kind() == DeclaredDefect.Kind.REGISTER_GOES_BACKWARDS
                        && DeviceFunction.ACTIVE_IMPORT_TOTAL.equals(d.function()));
        PrepaymentSpec p = spec.prepayment();
        this.prepayment = p == null ? null : new PrepaymentState(p, declaration.serialNumber(), consumption, tariff,
                new SwitchForCredit(), events, start);
    }

    private RegisterSeed seed(String function) {
        return declaration.profile().simulation().registers().getOrDefault(function,
                new RegisterSeed(0, 0, declaration.type() == DeviceType.GSME ? "m3" : "Wh"));
    }

    /** Brings charges and alerts up to the simulation's now; called before each request and after each advance. */
    public void catchUp() {
        if (prepayment != null) {
            prepayment.catchUp(clock.trueNow());
        }
    }

    /**
     * The supply switch moved: nothing is consumed while it is not connected. Charges were brought up to date before
     * the request that moved it ({@link SimulatedDevice} catches up first); catching up here, under the switch's lock,
     * would take the account's lock in the opposite order to the account driving the switch.
     */
    public void switchChanged(int to) {
        Instant now = clock.trueNow();
        if (to == DisconnectControlObject.CONNECTED) {
            consumption.supplyOn(now);
        } else {
            consumption.supplyOff(now);
        }
    }

    public Optional<PrepaymentState> prepayment() {
        return Optional.ofNullable(prepayment);
    }

    public TariffState tariff() {
        return tariff;
    }

    public ConsumptionModel consumption() {
        return consumption;
    }

    /** The display message last written (3.1), as the meter shows it. */
    public String displayMessage() {
        DisplayMessageObject d = display;
        return d == null ? "" : new String(d.text(), StandardCharsets.UTF_8);
    }

    /** The import register's raw value when the device's clock showed {@code deviceTime}: what a capture copies. */
    public long totalAtDeviceTime(OffsetDateTime deviceTime) {
        return total(clock.toTrue(deviceTime));
    }

    private long total(Instant t) {
        long v = consumption.totalAt(t);
        // The declared metrology defect: the register runs down as much as it should run up.
        return registerGoesBackwards ? Math.max(0, 2 * totalAtStart - v) : v;
    }

    /** The object serving a metering function, or null when the function is not one of these. */
    public CosemObject build(String function, ObisCode obis) {
        if (function.equals(DeviceFunction.ACTIVE_IMPORT_TOTAL)) {
            return register(obis, function, () -> total(clock.trueNow()));
        }
        if (function.startsWith(DeviceFunction.ACTIVE_IMPORT_RATE_PREFIX)) {
            int rate = Integer.parseInt(function.substring(DeviceFunction.ACTIVE_IMPORT_RATE_PREFIX.length()));
            return register(obis, function, () -> consumption.ratesAt(clock.trueNow())[rate]);
        }
        switch (function) {
            case DeviceFunction.TARIFF_SWITCH_TABLE:
                return new WritableDataObject(obis, this::switchTable, this::writeSwitchTable);
            case DeviceFunction.TARIFF_PRICES:
                return new WritableDataObject(obis, () -> DlmsData.array(tariff.current().prices().stream()
                        .map(DlmsData::u32).toList()), this::writePrices);
            case DeviceFunction.STANDING_CHARGE:
                return new WritableDataObject(obis, () -> DlmsData.u32(tariff.current().standingCharge()),
                        this::writeStandingCharge);
            case DeviceFunction.DISPLAY_MESSAGE:
                display = new DisplayMessageObject(obis, new byte[0]);
                return display;
            default:
                return prepayment == null ? null : new PrepaymentObjects(prepayment, clock).build(function, obis);
        }
    }

    private CosemObject register(ObisCode obis, String function, java.util.function.LongSupplier value) {
        RegisterSeed seed = seed(function);
        int unit = DlmsUnit.code(seed.unit()).orElseThrow(() -> new IllegalArgumentException(
                declaration.profile().source() + ": simulation.registers." + function + ".unit '" + seed.unit()
                        + "' is not a unit the simulator knows"));
        return new RegisterObject(obis, value, seed.scaler(), unit);
    }

    // ---- tariff objects ---------------------------------------------------------------------------------------

    private DlmsData switchTable() {
        List<DlmsData> rows = new ArrayList<>();
        for (TariffSpec.Switch s : tariff.current().switches()) {
            rows.add(DlmsData.structure(DlmsData.octets(new byte[] {(byte) s.time().getHour(),
                (byte) s.time().getMinute(), 0, 0}), DlmsData.u8(s.rate())));
        }
        return DlmsData.array(rows);
    }

    /** A switching table: array of {time octet-string(4) hh mm ss hundredths, unsigned rate 1..8}, at least one. */
    private DataAccessResult writeSwitchTable(DlmsData value) {
        if (!(value instanceof DlmsData.ArrayData array)) {
            return DataAccessResult.TYPE_UNMATCHED;
        }
        List<TariffSpec.Switch> switches = new ArrayList<>();
        for (DlmsData row : array.elements()) {
            List<DlmsData> f = row instanceof DlmsData.StructureData s ? s.elements() : List.of();
            if (f.size() != 2 || !(f.get(0) instanceof DlmsData.OctetString t) || t.bytes().length != 4
                    || !(f.get(1) instanceof DlmsData.Unsigned8)) {
                return DataAccessResult.TYPE_UNMATCHED;
            }
            int hour = t.bytes()[0] & 0xFF;
            int minute = t.bytes()[1] & 0xFF;
            int rate = (int) f.get(1).asLong().orElse(0);
            if (hour > 23 || minute > 59 || rate < 1 || rate > 8) {
                return DataAccessResult.OTHER_REASON;
            }
            switches.add(new TariffSpec.Switch(LocalTime.of(hour, minute), rate));
        }
        if (switches.isEmpty()) {
            return DataAccessResult.OTHER_REASON;
        }
        int highest = switches.stream().mapToInt(TariffSpec.Switch::rate).max().orElse(1);
        if (highest > tariff.current().prices().size()) {
            // A rate without a price cannot be charged: the meter refuses the table until the prices come first.
            return DataAccessResult.OTHER_REASON;
        }
        catchUp();
        tariff.changeSwitches(switches, clock.trueNow());
        return DataAccessResult.SUCCESS;
    }

    private DataAccessResult writePrices(DlmsData value) {
        if (!(value instanceof DlmsData.ArrayData array) || array.elements().isEmpty() || array.elements().size() > 8
                || !array.elements().stream().allMatch(e -> e instanceof DlmsData.Unsigned32)) {
            return DataAccessResult.TYPE_UNMATCHED;
        }
        List<Long> prices = array.elements().stream().map(e -> e.asLong().orElseThrow()).toList();
        int highest = tariff.current().switches().stream().mapToInt(TariffSpec.Switch::rate).max().orElse(1);
        if (prices.size() < highest) {
            return DataAccessResult.OTHER_REASON;
        }
        catchUp();
        tariff.changePrices(prices, tariff.current().standingCharge(), clock.trueNow());
        return DataAccessResult.SUCCESS;
    }

    private DataAccessResult writeStandingCharge(DlmsData value) {
        if (!(value instanceof DlmsData.Unsigned32)) {
            return DataAccessResult.TYPE_UNMATCHED;
        }
        catchUp();
        tariff.changePrices(tariff.current().prices(), value.asLong().orElseThrow(), clock.trueNow());
        return DataAccessResult.SUCCESS;
    }

    /** The disconnect control as the prepayment rules drive it. */
    private final class SwitchForCredit implements PrepaymentState.SupplyControl {
        @Override
        public void interruptForCredit() {
            supplySwitch.get().ifPresent(sw -> sw.disconnectLocally("credit exhausted"));
        }

        @Override
        public void armAfterTopUp() {
            supplySwitch.get().ifPresent(sw -> sw.armLocally("credit restored"));
        }

        @Override
        public boolean connected() {
            return supplySwitch.get().map(sw -> sw.state() == DisconnectControlObject.CONNECTED).orElse(true);
        }
    }
}
