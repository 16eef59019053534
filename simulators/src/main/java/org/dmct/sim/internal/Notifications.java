package org.dmct.sim.internal;

import org.dmct.core.profile.AlertSettings;
import org.dmct.dlms.apdu.DataNotification;
import org.dmct.dlms.apdu.EventNotificationRequest;
import org.dmct.dlms.apdu.LongInvokeIdAndPriority;
import org.dmct.dlms.apdu.NotificationApdu;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.CosemDateTime;
import org.dmct.dlms.cosem.ObisCode;
import org.dmct.sim.device.RaisedEvent;
import org.dmct.sim.device.SimulatedDevice;

/**
 * The notification APDU a simulated device sends for an event, in the form its profile names. An
 * Event-Notification-Request reports attribute 2 (value) of the event code object, interface class 1 Data,
 * {@value #EVENT_CODE_OBJECT} (Blue Book "Event code objects"), as a long-unsigned with the event's time. A
 * Data-Notification carries what the alarm push setup {@value #PUSH_SETUP} sends: a structure of its logical name
 * (so the receiver knows which push this is, as the Green Book suggests) and the event code, with the push time.
 * Its long-invoke-id is the device's own count of its pushes, so it does not depend on other devices in the JVM.
 */
public final class Notifications {
    /** The standard event log's event code object. */
    public static final String EVENT_CODE_OBJECT = "0-0:96.11.0.255";
    /** The push setup of alarm pushes. */
    public static final String PUSH_SETUP = "0-0:25.9.0.255";
    private static final AttributeDescriptor EVENT_CODE_VALUE = AttributeDescriptor.of(1, EVENT_CODE_OBJECT, 2);

    private Notifications() {
    }

    /** The notification for one event of a device. */
    public static NotificationApdu of(SimulatedDevice device, RaisedEvent event) {
        CosemDateTime time = CosemDateTime.of(event.time());
        DlmsData code = DlmsData.u16(event.deviceCode());
        if (device.profile().alerts().notification() == AlertSettings.Notification.DATA_NOTIFICATION) {
            int invokeId = device.nextNotificationInvokeId();
            return new DataNotification(LongInvokeIdAndPriority.of(invokeId), time,
                    DlmsData.structure(DlmsData.octets(ObisCode.parse(PUSH_SETUP).toBytes()), code));
        }
        return new EventNotificationRequest(time, EVENT_CODE_VALUE, code);
    }
}
