package org.dmct.sim.internal;

import org.dmct.dlms.apdu.Conformance;
import org.dmct.dlms.apdu.GetBlockSplitter;

/**
 * One open association on a simulated installation's connection: which client and logical device, what was
 * negotiated, and the long GET in progress, if any.
 */
final class Association {
    final int clientWPort;
    final int serverWPort;
    final Conformance conformance;
    /** The largest APDU this association sends: the client's max receive size or the device's own, the smaller. */
    final int sendLimit;
    GetBlockSplitter blockTransfer;

    Association(int clientWPort, int serverWPort, Conformance conformance, int sendLimit) {
        this.clientWPort = clientWPort;
        this.serverWPort = serverWPort;
        this.conformance = conformance;
        this.sendLimit = sendLimit;
    }
}
