package org.dmct.dlms.apdu;

/**
 * An LN service request or response, all of which carry an {@link InvokeIdAndPriority}: what a
 * client uses to pair a response with its request.
 */
public sealed interface ServiceApdu extends Apdu
        permits GetRequest, GetResponse, SetRequest, SetResponse, ActionRequest, ActionResponse {

    /**
     * @return the invoke id, service class and priority
     */
    InvokeIdAndPriority invokeIdAndPriority();
}
