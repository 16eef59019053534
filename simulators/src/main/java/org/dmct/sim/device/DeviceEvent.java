package org.dmct.sim.device;

import java.util.Optional;

/**
 * What can happen to a simulated device that a real one would log and may report. An event with a GBCS meaning is
 * logged and sent under the device code the profile's event map gives for that alert; one the map does not list
 * (and the vendor-only events) keeps its default code and is logged without raising an alert.
 */
public enum DeviceEvent {
    /** The disconnect control went to ready_for_reconnection. */
    SUPPLY_ARMED(0x8F32, EventCodes.SUPPLY_ARMED),
    /** Mains supply lost. */
    SUPPLY_INTERRUPTED(0x8F57, EventCodes.SUPPLY_INTERRUPTED),
    /** Mains supply back. */
    SUPPLY_RESTORED(0x8F35, EventCodes.SUPPLY_RESTORED),
    /** A tamper switch or sensor tripped. */
    TAMPER_DETECTED(0x8F3F, EventCodes.TAMPER_DETECTED),
    /** The battery fell below its low-capacity threshold. */
    LOW_BATTERY(0x8F1F, EventCodes.LOW_BATTERY),
    /** remote_disconnect opened the switch: a vendor event without a GBCS alert. */
    SUPPLY_DISABLED_REMOTELY(null, EventCodes.SUPPLY_DISABLED_REMOTELY),
    /** The switch closed again (remotely or by the consumer's button): a vendor event without a GBCS alert. */
    SUPPLY_ENABLED(null, EventCodes.SUPPLY_ENABLED_REMOTELY),
    /** Every block of a firmware image arrived. */
    FIRMWARE_TRANSFER_SUCCEEDED(0x8F8A, EventCodes.FIRMWARE_TRANSFER_SUCCEEDED),
    /** image_verify found the image whole, for the initiated identifier, with the declared hash. */
    FIRMWARE_VERIFICATION_SUCCEEDED(0x8F72, EventCodes.FIRMWARE_VERIFICATION_SUCCEEDED),
    /** image_verify failed (incomplete image, wrong identifier or wrong hash). */
    FIRMWARE_VERIFICATION_FAILED(0x8F1C, EventCodes.FIRMWARE_VERIFICATION_FAILED),
    /** image_activate rebooted the device into a new firmware version. */
    FIRMWARE_ACTIVATED(0x8F43, EventCodes.FIRMWARE_ACTIVATED),
    /** The device became commissioned. */
    DEVICE_COMMISSIONED(0x8F69, EventCodes.DEVICE_COMMISSIONED),
    /** The device left the dormant state: a vendor event without a GBCS alert. */
    DEVICE_ACTIVATED(null, EventCodes.DEVICE_ACTIVATED),
    /** A HAN device (IHD, PPMID) was joined to this device: a vendor event without a GBCS alert. */
    DEVICE_JOINED(null, EventCodes.DEVICE_JOINED),
    /** A global key transfer replaced keys: a vendor event without a GBCS alert. */
    KEYS_REPLACED(null, EventCodes.KEYS_REPLACED),
    /** Prepayment: the balance fell below the low-credit threshold (GBCS 0x810D). */
    LOW_CREDIT(0x810D, 0x810D),
    /** Prepayment: no credit left, the supply is interrupted (GBCS 0x8F0F, credit below disablement threshold). */
    CREDIT_EXHAUSTED(0x8F0F, 0x8F0F),
    /** Prepayment: emergency credit may now be activated (GBCS 0x8119). */
    EMERGENCY_CREDIT_AVAILABLE(0x8119, 0x8119),
    /** Prepayment: emergency credit activated (GBCS 0x81AB). */
    EMERGENCY_CREDIT_ACTIVATED(0x81AB, 0x81AB),
    /** Prepayment: emergency credit used up (GBCS 0x81AA). */
    EMERGENCY_CREDIT_EXHAUSTED(0x81AA, 0x81AA),
    /** Prepayment: a UTRN was accepted: a vendor event logged without an alert. */
    UTRN_ACCEPTED(null, EventCodes.UTRN_ACCEPTED),
    /** Prepayment: a UTRN was refused (malformed, wrong check digits, reused, or keypad locked). */
    UTRN_REFUSED(null, EventCodes.UTRN_REFUSED),
    /** Prepayment: too many invalid UTRN entries locked the keypad. */
    KEYPAD_LOCKED(null, EventCodes.KEYPAD_LOCKED),
    /** The supply switch opened for lack of credit (a vendor event; the alert is {@link #CREDIT_EXHAUSTED}). */
    SUPPLY_DISABLED_FOR_CREDIT(null, EventCodes.SUPPLY_DISABLED_FOR_CREDIT),
    /** The device clock was set (Synchronise Clock). */
    CLOCK_SET(null, EventCodes.CLOCK_SET);

    private final Integer alertCode;
    private final int defaultDeviceCode;

    DeviceEvent(Integer alertCode, int defaultDeviceCode) {
        this.alertCode = alertCode;
        this.defaultDeviceCode = defaultDeviceCode;
    }

    /** The GBCS alert this event means, if any. */
    public Optional<Integer> alertCode() {
        return Optional.ofNullable(alertCode);
    }

    /** The code logged when the profile's event map names no device code for the event's alert. */
    public int defaultDeviceCode() {
        return defaultDeviceCode;
    }
}
