package org.dmct.dlms.apdu;

/**
 * An unconfirmed APDU a server sends on its own initiative: {@link DataNotification} and
 * {@link EventNotificationRequest}. Nothing answers them, so they carry no
 * {@link InvokeIdAndPriority} to pair with a request, and a client must expect them on an open
 * association at any time, interleaved with the responses it is waiting for; routing them by
 * type rather than by invoke id keeps a pending GET from mistaking a push for its answer.
 */
public sealed interface NotificationApdu extends Apdu permits DataNotification, EventNotificationRequest {
}
