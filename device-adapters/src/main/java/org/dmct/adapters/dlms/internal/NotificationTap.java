package org.dmct.adapters.dlms.internal;

import java.time.Clock;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.spi.AlertSink;
import org.dmct.core.spi.FrameDirection;
import org.dmct.core.spi.FrameRecorder;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.ApduDecodeResult;
import org.dmct.dlms.apdu.NotificationApdu;
import org.dmct.dlms.wrapper.WrapperFrame;

/**
 * The evidence recorder of one association, picking out the notifications its device sends on it. Every other
 * frame passes through untouched. A wrapper frame from the device carrying a Data-Notification or an
 * Event-Notification-Request is recorded with the request in flight (or none when the association is idle, since a
 * notification answers nothing) and a note saying what it reported; a readable, mapped event then goes to the alert
 * sink. The association itself ignores notifications: they match no request.
 */
public final class NotificationTap implements FrameRecorder {
    private static final int DATA_NOTIFICATION = 0x0F;
    private static final int EVENT_NOTIFICATION_REQUEST = 0xC2;

    private final FrameRecorder frames;
    private final LabDmc dmc;
    private final LabDevice device;
    private final AlertSink alerts;
    private final Clock clock;
    private volatile DlmsAssociation association;

    public NotificationTap(FrameRecorder frames, LabDmc dmc, LabDevice device, AlertSink alerts, Clock clock) {
        this.frames = frames;
        this.dmc = dmc;
        this.device = device;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** The association whose frames this is, to tell whether a request is in flight. */
    public void attach(DlmsAssociation owner) {
        this.association = owner;
    }

    @Override
    public void frame(String deviceId, String requestId, FrameDirection direction, byte[] bytes, String note) {
        if (direction != FrameDirection.RECEIVED || !carriesNotification(bytes)) {
            frames.frame(deviceId, requestId, direction, bytes, note);
            return;
        }
        DlmsAssociation owner = association;
        String inFlight = owner == null ? null : owner.requestInFlight();
        byte[] payload = java.util.Arrays.copyOfRange(bytes, WrapperFrame.HEADER_LENGTH, bytes.length);
        ApduDecodeResult decoded = ApduCodec.decode(payload);
        if (decoded.isFailure()) {
            frames.frame(deviceId, inFlight, FrameDirection.MALFORMED_RECEIVED, bytes, "malformed notification from "
                    + device.id() + " on its association: " + decoded.reason() + " at offset " + decoded.offset());
            return;
        }
        NotificationReader.Reading reading = NotificationReader.read(dmc, device, (NotificationApdu) decoded.apdu(),
                clock.instant(), "association");
        FrameDirection recorded = reading instanceof NotificationReader.Unreadable
                ? FrameDirection.MALFORMED_RECEIVED : FrameDirection.RECEIVED;
        frames.frame(deviceId, inFlight, recorded, bytes, reading.note());
        if (reading instanceof NotificationReader.Alert alert) {
            alerts.alert(alert.event());
        }
    }

    /** A whole wrapper frame from this device whose APDU tag is a notification's. */
    private boolean carriesNotification(byte[] bytes) {
        if (bytes == null || bytes.length <= WrapperFrame.HEADER_LENGTH) {
            return false;
        }
        int source = ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
        int tag = bytes[WrapperFrame.HEADER_LENGTH] & 0xFF;
        return source == device.logicalDevice() && (tag == DATA_NOTIFICATION || tag == EVENT_NOTIFICATION_REQUEST);
    }
}
