package org.dmct.dlms.apdu;

import java.util.List;
import java.util.Objects;
import org.dmct.dlms.cosem.AttributeDescriptor;

/**
 * The GET request (tag 0xC0) in its three forms: {@link Normal} for one attribute, {@link Next}
 * to ask for the following block of a long response, and {@link WithList} for several attributes
 * in one APDU.
 */
public sealed interface GetRequest extends ServiceApdu {

    /**
     * get-request-normal [1]: one attribute, optionally with selective access.
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param attribute the attribute
     * @param selectiveAccess selective access, or null
     */
    record Normal(InvokeIdAndPriority invokeIdAndPriority, AttributeDescriptor attribute,
                  SelectiveAccess selectiveAccess) implements GetRequest {
        /** Null checks. */
        public Normal {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(attribute, "attribute");
        }

        /**
         * A request without selective access.
         *
         * @param invokeIdAndPriority invoke id and priority
         * @param attribute the attribute
         */
        public Normal(InvokeIdAndPriority invokeIdAndPriority, AttributeDescriptor attribute) {
            this(invokeIdAndPriority, attribute, null);
        }
    }

    /**
     * get-request-next [2]: acknowledges block {@code blockNumber} and asks for the one after it.
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param blockNumber number of the last block received, 0..2^32-1
     */
    record Next(InvokeIdAndPriority invokeIdAndPriority, long blockNumber) implements GetRequest {
        /** Range check. */
        public Next {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            if (blockNumber < 0 || blockNumber > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("block number is an Unsigned32, got " + blockNumber);
            }
        }
    }

    /**
     * get-request-with-list [3]: several attributes answered in one response.
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param attributes the attributes, in order
     */
    record WithList(InvokeIdAndPriority invokeIdAndPriority, List<AttributeRequest> attributes)
            implements GetRequest {
        /** Copies the list. */
        public WithList {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            attributes = List.copyOf(attributes);
        }
    }
}
