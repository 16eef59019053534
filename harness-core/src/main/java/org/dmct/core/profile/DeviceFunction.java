package org.dmct.core.profile;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The vocabulary of device functions a profile's function-to-object map may name. Adapters look functions up by
 * these names ("which object is the firmware identifier on this model?"), so the names are fixed and a typo in a
 * profile is caught at load time. Each function has the interface class it is normally served by and the
 * attribute that holds its value.
 */
public final class DeviceFunction {
    public static final String CLOCK = "clock";
    public static final String ACTIVE_IMPORT_TOTAL = "activeImportTotal";
    /** Rate registers are {@code activeImportRate1} .. {@code activeImportRate8}. */
    public static final String ACTIVE_IMPORT_RATE_PREFIX = "activeImportRate";
    public static final String ACTIVE_EXPORT_TOTAL = "activeExportTotal";
    public static final String SUPPLY_SWITCH = "supplySwitch";
    public static final String FIRMWARE_IDENTIFIER = "firmwareIdentifier";
    public static final String SERIAL_NUMBER = "serialNumber";
    public static final String MANUFACTURER = "manufacturer";
    public static final String MODEL = "model";
    public static final String EVENT_LOG = "eventLog";
    public static final String SECURITY_LOG = "securityLog";
    public static final String LOAD_PROFILE = "loadProfile";
    public static final String DAILY_READ_LOG = "dailyReadLog";
    public static final String IMAGE_TRANSFER = "imageTransfer";
    /** Security setup (class 64): policy, suite, system titles, global key transfer. */
    public static final String SECURITY_SETUP = "securitySetup";
    /**
     * The device's lifecycle object: lifecycle state (dormant, active), commissioning state and the HAN devices
     * joined to it. No Blue Book class serves this, so it is the manufacturer-specific class 250 (see
     * lab-config/README.md), whose methods commission, activate and join.
     */
    public static final String DEVICE_LIFECYCLE = "deviceLifecycle";
    /** A comms hub's device log (class 1): the HAN devices the hub knows, for 8.9 Read Device Log. */
    public static final String DEVICE_LOG = "deviceLog";
    /** The text a meter stores for its display, or a display device (IHD, PPMID) shows: class 1 octet-string. */
    public static final String DISPLAY_MESSAGE = "displayMessage";
    /** The class id of the manufacturer-specific lifecycle object. */
    public static final int LIFECYCLE_CLASS = 250;
    /** Prepayment: the meter balance (token credit), class 112 Credit. */
    public static final String METER_BALANCE = "meterBalance";
    /** Prepayment: the emergency credit, class 112 Credit of credit_type emergency. */
    public static final String EMERGENCY_CREDIT = "emergencyCredit";
    /** Prepayment: the debt outstanding, class 1, pence. */
    public static final String DEBT = "debt";
    /** Prepayment: how fast debt is recovered, class 1, pence per day. */
    public static final String DEBT_RECOVERY_RATE = "debtRecoveryRate";
    /** Prepayment: the 20-digit UTRN entry point, class 115 Token gateway. */
    public static final String TOKEN_GATEWAY = "tokenGateway";
    /** Prepayment: thresholds and limits, class 1 structure (see lab-config/README.md). */
    public static final String PREPAYMENT_CONFIGURATION = "prepaymentConfiguration";
    /** Tariff: the time-of-use switching table, class 1 array of {switch time, rate}. */
    public static final String TARIFF_SWITCH_TABLE = "tariffSwitchTable";
    /** Tariff: the price of each rate, class 1 array, hundredths of a penny per kWh. */
    public static final String TARIFF_PRICES = "tariffPrices";
    /** Tariff: the standing charge, class 1, hundredths of a penny per day. */
    public static final String STANDING_CHARGE = "standingCharge";

    private static final Pattern RATE = Pattern.compile("activeImportRate[1-8]");

    /** Known function name to its usual interface class and value attribute. */
    private static final Map<String, int[]> KNOWN = Map.ofEntries(
            Map.entry(CLOCK, new int[] {8, 2}),
            Map.entry(ACTIVE_IMPORT_TOTAL, new int[] {3, 2}),
            Map.entry(ACTIVE_EXPORT_TOTAL, new int[] {3, 2}),
            Map.entry(SUPPLY_SWITCH, new int[] {70, 3}),
            Map.entry(FIRMWARE_IDENTIFIER, new int[] {1, 2}),
            Map.entry(SERIAL_NUMBER, new int[] {1, 2}),
            Map.entry(MANUFACTURER, new int[] {1, 2}),
            Map.entry(MODEL, new int[] {1, 2}),
            Map.entry(EVENT_LOG, new int[] {7, 2}),
            Map.entry(SECURITY_LOG, new int[] {7, 2}),
            Map.entry(LOAD_PROFILE, new int[] {7, 2}),
            Map.entry(DAILY_READ_LOG, new int[] {7, 2}),
            Map.entry(IMAGE_TRANSFER, new int[] {18, 2}),
            Map.entry(SECURITY_SETUP, new int[] {64, 2}),
            Map.entry(DEVICE_LIFECYCLE, new int[] {LIFECYCLE_CLASS, 2}),
            Map.entry(DEVICE_LOG, new int[] {1, 2}),
            Map.entry(METER_BALANCE, new int[] {112, 2}),
            Map.entry(EMERGENCY_CREDIT, new int[] {112, 2}),
            Map.entry(DEBT, new int[] {1, 2}),
            Map.entry(DEBT_RECOVERY_RATE, new int[] {1, 2}),
            Map.entry(TOKEN_GATEWAY, new int[] {115, 6}),
            Map.entry(PREPAYMENT_CONFIGURATION, new int[] {1, 2}),
            Map.entry(TARIFF_SWITCH_TABLE, new int[] {1, 2}),
            Map.entry(TARIFF_PRICES, new int[] {1, 2}),
            Map.entry(STANDING_CHARGE, new int[] {1, 2}),
            Map.entry(DISPLAY_MESSAGE, new int[] {1, 2}));

    private DeviceFunction() {
    }

    public static boolean isKnown(String name) {
        return KNOWN.containsKey(name) || RATE.matcher(name).matches();
    }

    /** The interface class a function is normally served by; -1 for an unknown function. */
    public static int defaultClass(String name) {
        if (RATE.matcher(name).matches()) {
            return 3;
        }
        int[] spec = KNOWN.get(name);
        return spec == null ? -1 : spec[0];
    }

    /** The attribute carrying the function's value by default. */
    public static int defaultAttribute(String name) {
        if (RATE.matcher(name).matches()) {
            return 2;
        }
        int[] spec = KNOWN.get(name);
        return spec == null ? 2 : spec[1];
    }

    /** Every known name, for suggestions in error messages. */
    public static List<String> names() {
        var names = new java.util.ArrayList<>(KNOWN.keySet());
        for (int i = 1; i <= 8; i++) {
            names.add(ACTIVE_IMPORT_RATE_PREFIX + i);
        }
        java.util.Collections.sort(names);
        return names;
    }
}
