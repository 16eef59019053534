package org.dmct.dlms.apdu;

import java.util.Objects;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.CosemDateTime;

/**
 * The Data-Notification APDU (tag 0x0F) a server pushes, for example from a Push setup object:
 * a long invoke id, an optional time stamp and the notification body, which is any Data
 * (usually a structure of the pushed attribute values). On the wire the date-time is an
 * OCTET STRING that is empty when the server sends no time, else the 12-byte COSEM date-time.
 *
 * @param longInvokeIdAndPriority the long invoke id and priority
 * @param dateTime when the data was captured, or null when the server sent none
 * @param body the notification body
 */
public record DataNotification(LongInvokeIdAndPriority longInvokeIdAndPriority, CosemDateTime dateTime,
                               DlmsData body) implements NotificationApdu {

    /** Null checks. */
    public DataNotification {
        Objects.requireNonNull(longInvokeIdAndPriority, "longInvokeIdAndPriority");
        Objects.requireNonNull(body, "body");
    }
}
