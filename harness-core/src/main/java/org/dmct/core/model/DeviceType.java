package org.dmct.core.model;

/**
 * The SMETS1 device types a DMC can contain (SMETS1-REFERENCE "Device types"). Service requests target a
 * device type; the SRV catalogue says which types each SRV may target.
 */
public enum DeviceType {
    /** Electricity smart meter. */
    ESME,
    /** Gas smart meter, reached through the comms hub. */
    GSME,
    /** Communications hub function. */
    CHF,
    /** Gas proxy function on the hub. */
    GPF,
    /** Prepayment meter interface device. */
    PPMID,
    /** In-home display. */
    IHD,
    /** HAN-connected auxiliary load control switch. */
    HCALCS
}
