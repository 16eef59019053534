package org.dmct.adapters.dlms.interop;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The server end of an interop matrix cell: a COSEM server (the jDLMS server, a Gurux server, our simulator)
 * serving the objects of {@link MatrixContent} on a loopback port, and the state those objects hold, read on the
 * server's side so a cell can check that a SET or an ACTION really changed the server and not only what the client
 * believes.
 */
interface MatrixServer extends AutoCloseable {

    /** The loopback TCP port it serves (the wrapper or HDLC, as the cell's link says). */
    int port();

    /** Register 1-0:1.8.0.255 value and scaler_unit, as {@link Plain} values. */
    Object registerValue();

    Object registerScalerUnit();

    /** What the clock object holds now. */
    OffsetDateTime clock();

    /** True when the server's clock advances by itself (the simulator's does; the fixtures of the others don't). */
    boolean clockRuns();

    /** control_state of the disconnect control 0-0:96.3.10.255 (0 disconnected, 1 connected, 2 ready). */
    int controlState();

    /** The event log buffer as {@link Plain} rows. */
    List<Object> eventLogBuffer();

    @Override
    void close();
}
