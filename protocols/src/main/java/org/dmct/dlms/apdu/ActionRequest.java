package org.dmct.dlms.apdu;

import java.util.List;
import java.util.Objects;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.MethodDescriptor;

/**
 * The ACTION request (tag 0xC3) in two forms: {@link Normal} invokes one method and
 * {@link WithList} several in one APDU. The block transfer forms decode as a failure naming the
 * unsupported choice.
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
}
