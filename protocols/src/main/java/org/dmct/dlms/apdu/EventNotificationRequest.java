package org.dmct.dlms.apdu;

import java.util.Objects;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.CosemDateTime;

/**
 * The Event-Notification-Request APDU (tag 0xC2): a server reports the value of one attribute
 * (an alarm register, say) with an optional time stamp. The time is an OPTIONAL OCTET STRING;
 * the decoder accepts 0x09 as well as the standard 0x01 as its presence flag, because Gurux
 * based servers send the octet-string type tag there, but the encoder always writes 0x01.
 *
 * @param time when the event happened, or null when the server sent none
 * @param attribute the attribute reported
 * @param value its value
 */
public record EventNotificationRequest(CosemDateTime time, AttributeDescriptor attribute, DlmsData value)
        implements NotificationApdu {

    /** Null checks. */
    public EventNotificationRequest {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(value, "value");
    }
}
