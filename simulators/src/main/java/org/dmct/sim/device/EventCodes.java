package org.dmct.sim.device;

/**
 * The default event codes of simulated devices. Where a GBCS alert code names the event it is the default; a
 * profile whose event map gives the model's own code for that alert is logged and reported with that code instead
 * ({@link DeviceEvent}). Switch operations without an alert use vendor-style codes.
 */
public final class EventCodes {
    /** GBCS 0x8F32: supply armed. */
    public static final int SUPPLY_ARMED = 0x8F32;
    /** GBCS 0x8F35: supply restored. */
    public static final int SUPPLY_RESTORED = 0x8F35;
    /** GBCS 0x8F57: supply interrupted. */
    public static final int SUPPLY_INTERRUPTED = 0x8F57;
    /** GBCS 0x8F3F: tamper detected. */
    public static final int TAMPER_DETECTED = 0x8F3F;
    /** GBCS 0x8F1F: low battery capacity. */
    public static final int LOW_BATTERY = 0x8F1F;
    /** GBCS 0x8F0C: clock not adjusted (outside tolerance). */
    public static final int CLOCK_NOT_ADJUSTED = 0x8F0C;
    /** GBCS 0x8F8A: firmware transfer succeeded. */
    public static final int FIRMWARE_TRANSFER_SUCCEEDED = 0x8F8A;
    /** GBCS 0x8F72: firmware verification succeeded. */
    public static final int FIRMWARE_VERIFICATION_SUCCEEDED = 0x8F72;
    /** GBCS 0x8F1C: firmware verification failed. */
    public static final int FIRMWARE_VERIFICATION_FAILED = 0x8F1C;
    /** GBCS 0x8F43: executing firmware version changed. */
    public static final int FIRMWARE_ACTIVATED = 0x8F43;
    /** GBCS 0x8F69: device commissioned. */
    public static final int DEVICE_COMMISSIONED = 0x8F69;
    /** Vendor code: the device left the dormant state. */
    public static final int DEVICE_ACTIVATED = 0x0060;
    /** Vendor code: a HAN device was joined. */
    public static final int DEVICE_JOINED = 0x0061;
    /** Vendor code: keys replaced by a global key transfer. */
    public static final int KEYS_REPLACED = 0x0062;
    /** Vendor code: supply disabled by a remote command. */
    public static final int SUPPLY_DISABLED_REMOTELY = 0x0047;
    /** Vendor code: supply enabled by a remote command. */
    public static final int SUPPLY_ENABLED_REMOTELY = 0x0048;
    /** Vendor code: clock set by a remote command. */
    public static final int CLOCK_SET = 0x0051;

    /** Vendor code: a UTRN was accepted. */
    public static final int UTRN_ACCEPTED = 0x0060;
    /** Vendor code: a UTRN was refused. */
    public static final int UTRN_REFUSED = 0x0061;
    /** Vendor code: the keypad locked after too many invalid entries. */
    public static final int KEYPAD_LOCKED = 0x0062;
    /** Vendor code: the supply switch opened because no credit was left. */
    public static final int SUPPLY_DISABLED_FOR_CREDIT = 0x0063;

    /** The mix of codes the generated history of a new simulated device is made of. */
    static final int[] HISTORY = {SUPPLY_INTERRUPTED, SUPPLY_RESTORED, TAMPER_DETECTED, CLOCK_SET, 0x8F12, 0x8F0A};

    private EventCodes() {
    }
}
