package org.dmct.sim.cosem;

import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.ActionResult;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.ObisCode;

/**
 * Interface class 70 "Disconnect control": the supply switch (or gas valve) with the state machine of the
 * Blue Book. States: 0 disconnected, 1 connected, 2 ready_for_reconnection (armed). remote_disconnect (method 1)
 * opens the switch from connected or armed; remote_reconnect (method 2) arms it when the control mode has no direct
 * remote reconnection (2, 4) and closes it when it has (1, 3, 5, 6); a manual reconnection (the consumer's button)
 * closes an armed switch. Mode 0 means the switch is always connected. Every change is reported to a listener so the
 * device can log it.
 */
public final class DisconnectControlObject extends CosemObject {
    public static final int DISCONNECTED = 0;
    public static final int CONNECTED = 1;
    public static final int READY_FOR_RECONNECTION = 2;

    /** Notified of every state change, with the state before and after. */
    public interface StateListener {
        void changed(int from, int to, String cause);
    }

    private final StateListener listener;
    private int state;
    private int controlMode;

    public DisconnectControlObject(ObisCode logicalName, int initialState, int controlMode, StateListener listener) {
        super(70, 0, logicalName);
        this.state = initialState;
        this.controlMode = controlMode;
        this.listener = listener;
    }

    public synchronized int state() {
        return state;
    }

    public synchronized int controlMode() {
        return controlMode;
    }

    @Override
    protected synchronized AttributeRead read(int attribute, SelectiveRead selective) {
        if (selective != null) {
            return AttributeRead.error(DataAccessResult.SCOPE_OF_ACCESS_VIOLATED);
        }
        switch (attribute) {
            case 2:
                return AttributeRead.of(DlmsData.bool(state == CONNECTED));
            case 3:
                return AttributeRead.of(DlmsData.enumValue(state));
            case 4:
                return AttributeRead.of(DlmsData.enumValue(controlMode));
            default:
                return undefined();
        }
    }

    @Override
    protected synchronized DataAccessResult write(int attribute, DlmsData value) {
        if (attribute == 2 || attribute == 3) {
            return DataAccessResult.READ_WRITE_DENIED;
        }
        if (attribute != 4) {
            return DataAccessResult.OBJECT_UNDEFINED;
        }
        if (!(value instanceof DlmsData.EnumValue mode)) {
            return DataAccessResult.TYPE_UNMATCHED;
        }
        if (mode.value() > 6) {
            return DataAccessResult.OTHER_REASON;
        }
        controlMode = mode.value();
        if (controlMode == 0 && state != CONNECTED) {
            move(CONNECTED, "control mode 0");
        }
        return DataAccessResult.SUCCESS;
    }

    @Override
    public synchronized MethodResult invoke(int method, DlmsData parameters) {
        if (method != 1 && method != 2) {
            return MethodResult.of(ActionResult.OBJECT_UNDEFINED);
        }
        if (parameters != null && !(parameters instanceof DlmsData.Integer8) && !(parameters instanceof DlmsData.NullData)) {
            return MethodResult.of(ActionResult.TYPE_UNMATCHED);
        }
        if (controlMode == 0) {
            return MethodResult.of(ActionResult.OBJECT_UNAVAILABLE);
        }
        if (method == 1) {
            if (state != DISCONNECTED) {
                move(DISCONNECTED, "remote_disconnect");
            }
        } else if (state == DISCONNECTED) {
            move(directRemoteReconnection() ? CONNECTED : READY_FOR_RECONNECTION, "remote_reconnect");
        } else if (state == READY_FOR_RECONNECTION && directRemoteReconnection()) {
            move(CONNECTED, "remote_reconnect");
        }
        return MethodResult.SUCCESS;
    }

    /** The consumer presses the button on the meter: an armed switch closes. */
    public synchronized boolean manualReconnect() {
        if (state != READY_FOR_RECONNECTION) {
            return false;
        }
        move(CONNECTED, "manual_reconnect");
        return true;
    }

    /**
     * The meter opens the switch itself (a prepayment meter with no credit left): from connected or armed to
     * disconnected. Returns whether the state changed.
     */
    public synchronized boolean disconnectLocally(String cause) {
        if (state == DISCONNECTED) {
            return false;
        }
        move(DISCONNECTED, "local_disconnect: " + cause);
        return true;
    }

    /**
     * The meter arms an open switch itself (credit is back after a top-up): the consumer's button then reconnects.
     * Returns whether the state changed.
     */
    public synchronized boolean armLocally(String cause) {
        if (state != DISCONNECTED) {
            return false;
        }
        move(READY_FOR_RECONNECTION, "local_arm: " + cause);
        return true;
    }

    private boolean directRemoteReconnection() {
        return controlMode == 1 || controlMode == 3 || controlMode == 5 || controlMode == 6;
    }

    private void move(int to, String cause) {
        int from = state;
        state = to;
        listener.changed(from, to, cause);
    }

    @Override
    public int attributeCount() {
        return 4;
    }

    @Override
    public int methodCount() {
        return 2;
    }
}
