package org.dmct.adapters.dlms.interop;

import java.time.OffsetDateTime;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.MethodDescriptor;

/**
 * The COSEM objects every server of the interop matrix serves, at the same addresses, so that one test body reads
 * the same things from each: an ESME as logical device 1 for the public client (16), with the register, clock,
 * disconnect control and event log of the Blue Book classes 3, 8, 70 and 7. The event log is long enough that, at
 * the matrix's APDU size of {@link #MAX_PDU}, its buffer needs GET data blocks, and over HDLC with 128-byte
 * information fields every block spans several frames.
 */
final class MatrixContent {
    static final int CLIENT = 16;
    static final int LOGICAL_DEVICE = 1;
    /** The APDU size both ends are held to, so that the event log needs block transfer. */
    static final int MAX_PDU = 256;
    /** Information field length that makes an APDU of {@link #MAX_PDU} bytes span several HDLC frames. */
    static final int SHORT_HDLC_FRAMES = 128;

    static final AttributeDescriptor REGISTER_VALUE = AttributeDescriptor.of(3, "1-0:1.8.0.255", 2);
    static final AttributeDescriptor REGISTER_SCALER_UNIT = AttributeDescriptor.of(3, "1-0:1.8.0.255", 3);
    static final AttributeDescriptor CLOCK_TIME = AttributeDescriptor.of(8, "0-0:1.0.0.255", 2);
    static final AttributeDescriptor CONTROL_STATE = AttributeDescriptor.of(70, "0-0:96.3.10.255", 3);
    static final MethodDescriptor REMOTE_DISCONNECT = MethodDescriptor.of(70, "0-0:96.3.10.255", 1);
    static final AttributeDescriptor EVENT_LOG_BUFFER = AttributeDescriptor.of(7, "0-0:99.98.0.255", 2);
    /** An object no server has (the Blue Book's data-access-result object-undefined). */
    static final AttributeDescriptor UNDEFINED = AttributeDescriptor.of(1, "0-0:96.1.9.255", 2);

    /** Register value and scaler_unit the peer servers hold (the simulator's come from its profile). */
    static final long REGISTER = 1_234_568L;
    static final int SCALER = 0;
    static final int UNIT_WH = 30;

    /** What the peer servers' clocks hold before the cell sets them; UTC, so deviation conventions cannot differ. */
    static final OffsetDateTime INITIAL_CLOCK = OffsetDateTime.parse("2025-06-01T12:00:00Z");
    /** What the cell writes into the clock. */
    static final OffsetDateTime NEW_CLOCK = OffsetDateTime.parse("2026-01-15T10:00:00Z");

    /** Event log rows of the peer servers: {date-time, long-unsigned event code}, one an hour. */
    static final int LOG_ENTRIES = 60;
    static final OffsetDateTime LOG_START = OffsetDateTime.parse("2025-12-01T00:00:00Z");
    static final int FIRST_EVENT_CODE = 0x8F00;

    private MatrixContent() {
    }
}
