package org.dmct.dlms.apdu;

import java.util.List;
import java.util.Objects;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.MethodDescriptor;

/**
 * The ACTION request (tag 0xC3): {@link Normal} invokes one method and {@link WithList} several in
 * one APDU. Parameters too long for one APDU go in blocks ({@link WithFirstPblock} or
 * {@link WithListAndFirstPblock}, then {@link WithPblock}s, see {@link ActionParameterSplitter});
 * {@link NextPblock} asks the server for the next block of long return parameters (see
 * {@link ActionReturnAssembler}).
 */
public sealed interface ActionRequest extends ServiceApdu {

    /**
     * action-request-normal [1]: invoke one method.
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param method the method
     * @param parameters the method-invocation-parameters, or null when absent
     */
    record Normal(InvokeIdAndPriority invokeIdAndPriority, MethodDescriptor method, DlmsData parameters)
            implements ActionRequest {
        /** Null checks. */
        public Normal {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(method, "method");
        }
    }

    /**
     * action-request-with-list [3]: invoke several methods in one APDU. Unlike the normal form, the
     * method-invocation-parameters are not optional here: the standard pairs the
     * cosem-method-descriptor-list with a SEQUENCE OF Data by position, so every method has a
     * parameter (null-data for a method that takes none) and both lists have the same length.
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param methods the methods, in order
     * @param parameters the parameter of each method, in the same order
     */
    record WithList(InvokeIdAndPriority invokeIdAndPriority, List<MethodDescriptor> methods, List<DlmsData> parameters)
            implements ActionRequest {
        /** Null checks, equal lengths and copies of the lists. */
        public WithList {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            methods = List.copyOf(methods);
            parameters = List.copyOf(parameters);
            if (methods.size() != parameters.size()) {
                throw new IllegalArgumentException("an action-request-with-list pairs each method with one "
                        + "parameter, got " + methods.size() + " methods and " + parameters.size() + " parameters");
            }
        }
    }

    /**
     * action-request-next-pblock [2]: acknowledges block {@code blockNumber} of long return
     * parameters and asks for the next.
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param blockNumber the number of the block received
     */
    record NextPblock(InvokeIdAndPriority invokeIdAndPriority, long blockNumber) implements ActionRequest {
        /** Checks. */
        public NextPblock {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            if (blockNumber < 0 || blockNumber > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("block number is an Unsigned32, got " + blockNumber);
            }
        }
    }

    /**
     * action-request-with-first-pblock [4]: the method and block 1 of its encoded parameters.
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param method the method
     * @param block block 1 of the encoded method-invocation-parameters
     */
    record WithFirstPblock(InvokeIdAndPriority invokeIdAndPriority, MethodDescriptor method, DataBlock block)
            implements ActionRequest {
        /** Null checks. */
        public WithFirstPblock {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(block, "block");
        }
    }

    /**
     * action-request-with-list-and-first-pblock [5]: several methods and block 1 of the encoded
     * SEQUENCE OF Data holding their parameters.
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param methods the methods, in order
     * @param block block 1 of the encoded parameter list
     */
    record WithListAndFirstPblock(InvokeIdAndPriority invokeIdAndPriority, List<MethodDescriptor> methods,
                                  DataBlock block) implements ActionRequest {
        /** Null checks and copy of the list. */
        public WithListAndFirstPblock {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            methods = List.copyOf(methods);
            Objects.requireNonNull(block, "block");
        }
    }

    /**
     * action-request-with-pblock [6]: a following block of the parameters, sent after the server
     * acknowledged the one before with an action-response-next-pblock.
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param block the block
     */
    record WithPblock(InvokeIdAndPriority invokeIdAndPriority, DataBlock block) implements ActionRequest {
        /** Null checks. */
        public WithPblock {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(block, "block");
        }
    }
}
