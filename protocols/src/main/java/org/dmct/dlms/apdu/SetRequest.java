package org.dmct.dlms.apdu;

import java.util.List;
import java.util.Objects;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.AttributeDescriptor;

/**
 * The SET request (tag 0xC1): {@link Normal} writes one attribute and {@link WithList} several in
 * one APDU; a value too long for one APDU goes in blocks, {@link WithFirstDataBlock} (or
 * {@link WithListAndFirstDataBlock}) followed by {@link WithDataBlock}s, each acknowledged by the
 * server (see {@link SetBlockSplitter} and {@link SetBlockAssembler}).
 */
public sealed interface SetRequest extends ServiceApdu {

    /**
     * set-request-normal [1]: write one attribute.
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param attribute the attribute
     * @param selectiveAccess selective access, or null
     * @param value the value to write
     */
    record Normal(InvokeIdAndPriority invokeIdAndPriority, AttributeDescriptor attribute,
                  SelectiveAccess selectiveAccess, DlmsData value) implements SetRequest {
        /** Null checks. */
        public Normal {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(value, "value");
        }

        /**
         * A request without selective access.
         *
         * @param invokeIdAndPriority invoke id and priority
         * @param attribute the attribute
         * @param value the value to write
         */
        public Normal(InvokeIdAndPriority invokeIdAndPriority, AttributeDescriptor attribute, DlmsData value) {
            this(invokeIdAndPriority, attribute, null, value);
        }
    }

    /**
     * set-request-with-list [4]: write several attributes in one APDU. The standard pairs the
     * attribute-descriptor-list and the value-list by position, so both lists have the same length.
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param attributes the attributes, each with optional selective access, in order
     * @param values the value to write to each attribute, in the same order
     */
    record WithList(InvokeIdAndPriority invokeIdAndPriority, List<AttributeRequest> attributes, List<DlmsData> values)
            implements SetRequest {
        /** Null checks, equal lengths and copies of the lists. */
        public WithList {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            attributes = List.copyOf(attributes);
            values = List.copyOf(values);
            if (attributes.size() != values.size()) {
                throw new IllegalArgumentException("a set-request-with-list pairs each attribute with one value, got "
                        + attributes.size() + " attributes and " + values.size() + " values");
            }
        }
    }

    /**
     * set-request-with-first-datablock [2]: the attribute and the first block of its encoded value.
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param attribute the attribute
     * @param selectiveAccess selective access, or null
     * @param block block 1 of the encoded value
     */
    record WithFirstDataBlock(InvokeIdAndPriority invokeIdAndPriority, AttributeDescriptor attribute,
                              SelectiveAccess selectiveAccess, DataBlock block) implements SetRequest {
        /** Null checks. */
        public WithFirstDataBlock {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(block, "block");
        }
    }

    /**
     * set-request-with-datablock [3]: a following block, sent after the server acknowledged the one before.
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param block the block
     */
    record WithDataBlock(InvokeIdAndPriority invokeIdAndPriority, DataBlock block) implements SetRequest {
        /** Null checks. */
        public WithDataBlock {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(block, "block");
        }
    }

    /**
     * set-request-with-list-and-first-datablock [5]: several attributes and the first block of the
     * encoded SEQUENCE OF Data holding their values.
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param attributes the attributes, each with optional selective access, in order
     * @param block block 1 of the encoded value list
     */
    record WithListAndFirstDataBlock(InvokeIdAndPriority invokeIdAndPriority, List<AttributeRequest> attributes,
                                     DataBlock block) implements SetRequest {
        /** Null checks and copy of the list. */
        public WithListAndFirstDataBlock {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            attributes = List.copyOf(attributes);
            Objects.requireNonNull(block, "block");
        }
    }
}
