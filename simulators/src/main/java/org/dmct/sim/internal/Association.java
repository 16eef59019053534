package org.dmct.sim.internal;

import java.util.Set;
import org.dmct.dlms.apdu.ActionParameterAssembler;
import org.dmct.dlms.apdu.Conformance;
import org.dmct.dlms.apdu.GetBlockSplitter;
import org.dmct.dlms.apdu.SetBlockAssembler;
import org.dmct.dlms.cosem.ObisCode;

/**
 * One open association on a simulated installation's connection: which client and logical device, what was
 * negotiated, the block transfers in progress, and for a secured association its ciphering and whether the HLS
 * challenge has been answered; for the public client of a secured device, which objects it may read.
 */
final class Association {
    final int clientWPort;
    final int serverWPort;
    final Conformance conformance;
    /** The largest APDU this association sends: the client's max receive size or the device's own, the smaller. */
    final int sendLimit;
    GetBlockSplitter blockTransfer;
    /** The SET block transfer in progress, if any. */
    SetBlockAssembler setTransfer;
    /** The ACTION parameter block transfer in progress, if any. */
    ActionParameterAssembler actionTransfer;
    /** The ciphering of a secured (HLS) association, null for an unsecured one. */
    final ServerSecurity security;
    /** False until a secured association's client has proved itself with reply_to_HLS_authentication. */
    boolean authenticated;
    /** The objects the public client of a secured device may read; null when every object may be read. */
    final Set<ObisCode> readable;

    Association(int clientWPort, int serverWPort, Conformance conformance, int sendLimit) {
        this(clientWPort, serverWPort, conformance, sendLimit, null, null);
    }

    Association(int clientWPort, int serverWPort, Conformance conformance, int sendLimit, ServerSecurity security,
                Set<ObisCode> readable) {
        this.clientWPort = clientWPort;
        this.serverWPort = serverWPort;
        this.conformance = conformance;
        this.sendLimit = sendLimit;
        this.security = security;
        this.authenticated = security == null;
        this.readable = readable;
    }
}
