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
public final class NotificationTap implements FrameRecorder, DlmsAssociation.CipheredNotifications {
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
        byte[] payload = direction == FrameDirection.RECEIVED ? notificationApdu(bytes) : null;
        if (payload == null) {
            frames.frame(deviceId, requestId, direction, bytes, note);
            return;
        }
        DlmsAssociation owner = association;
        String inFlight = owner == null ? null : owner.requestInFlight();
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

    /**
     * A notification that arrived ciphered, opened by the association: its frame is already in the evidence as
     * ciphertext; this adds a note-only record (no plaintext) saying what it reported, and the alert.
     */
    @Override
    public void deciphered(NotificationApdu notification, String requestInFlight) {
        NotificationReader.Reading reading = NotificationReader.read(dmc, device, notification, clock.instant(),
                "association");
        FrameDirection recorded = reading instanceof NotificationReader.Unreadable
                ? FrameDirection.MALFORMED_RECEIVED : FrameDirection.RECEIVED;
        frames.frame(device.id(), requestInFlight, recorded, new byte[0], "ciphered notification (frame above): "
                + reading.note());
        if (reading instanceof NotificationReader.Alert alert) {
            alerts.alert(alert.event());
        }
    }

    @Override
    public void unopened(String deviceId, String reason) {
        frames.frame(deviceId, null, FrameDirection.MALFORMED_RECEIVED, new byte[0],
                "a ciphered APDU from " + deviceId + " that answers nothing could not be opened: " + reason);
    }

    /**
     * The APDU of a whole frame from this device whose tag is a notification's, or null: a wrapper frame from the
     * device's wPort, or an unsegmented HDLC I or UI frame from its upper address carrying the LLC header.
     */
    private byte[] notificationApdu(byte[] bytes) {
        if (bytes == null || bytes.length < 2) {
            return null;
        }
        if ((bytes[0] & 0xFF) == 0x7E) {
            return hdlcNotificationApdu(bytes);
        }
        if (bytes.length <= WrapperFrame.HEADER_LENGTH) {
            return null;
        }
        int source = ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
        int tag = bytes[WrapperFrame.HEADER_LENGTH] & 0xFF;
        if (source != device.logicalDevice() || !(tag == DATA_NOTIFICATION || tag == EVENT_NOTIFICATION_REQUEST)) {
            return null;
        }
        return java.util.Arrays.copyOfRange(bytes, WrapperFrame.HEADER_LENGTH, bytes.length);
    }

    private byte[] hdlcNotificationApdu(byte[] f) {
        // flag, format (2), destination (client, 1..4), source (server, 1..4), control, HCS (2), information, FCS (2), flag
        if (f.length < 12 || (f[1] & 0x08) != 0) {
            return null; // too short for information, or a segment of a longer APDU (answers, not pushes)
        }
        int i = 3;
        while (i < f.length && (f[i] & 1) == 0) {
            i++;
        }
        i++;
        int sourceStart = i;
        while (i < f.length && (f[i] & 1) == 0) {
            i++;
        }
        int sourceLength = i - sourceStart + 1;
        i++;
        if (i + 3 >= f.length - 3 || (sourceLength != 1 && sourceLength != 2 && sourceLength != 4)) {
            return null;
        }
        int upper = sourceLength == 4 ? ((f[sourceStart] & 0xFE) << 6) | ((f[sourceStart + 1] & 0xFE) >> 1)
                : (f[sourceStart] & 0xFE) >> 1;
        int control = f[i] & 0xFF;
        boolean information = (control & 0x01) == 0 || (control & 0xEF) == 0x03;
        int info = i + 3;
        int end = f.length - 3;
        if (!information || upper != device.logicalDevice() || info + 4 > end || (f[info] & 0xFF) != 0xE6
                || ((f[info + 1] & 0xFF) != 0xE7 && (f[info + 1] & 0xFF) != 0xE6) || f[info + 2] != 0) {
            return null;
        }
        int tag = f[info + 3] & 0xFF;
        if (tag != DATA_NOTIFICATION && tag != EVENT_NOTIFICATION_REQUEST) {
            return null;
        }
        return java.util.Arrays.copyOfRange(f, info + 3, end);
    }
}
