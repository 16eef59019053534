package org.dmct.sim.cosem;

import java.util.Objects;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.ActionResult;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.ObisCode;

/**
 * One COSEM interface object of a simulated logical device: its class, logical name and the behaviour of its
 * attributes and methods. Attribute 1 (logical_name) is common to every class and answered here; subclasses
 * implement the rest. Calls arrive on the connection's event loop; objects shared by several connections guard
 * their state themselves.
 */
public abstract class CosemObject {
    private final int classId;
    private final int version;
    private final ObisCode logicalName;

    protected CosemObject(int classId, int version, ObisCode logicalName) {
        this.classId = classId;
        this.version = version;
        this.logicalName = Objects.requireNonNull(logicalName, "logicalName");
    }

    public int classId() {
        return classId;
    }

    public int version() {
        return version;
    }

    public ObisCode logicalName() {
        return logicalName;
    }

    /** Reads an attribute; {@code selective} is the access selector and parameters, or {@code null}. */
    public final AttributeRead get(int attribute, SelectiveRead selective) {
        if (attribute == 1) {
            return selective == null ? AttributeRead.of(DlmsData.octets(logicalName.toBytes()))
                    : AttributeRead.error(DataAccessResult.SCOPE_OF_ACCESS_VIOLATED);
        }
        return read(attribute, selective);
    }

    /** Writes an attribute; the logical name is read-only like on a real device. */
    public final DataAccessResult set(int attribute, DlmsData value) {
        if (attribute == 1) {
            return DataAccessResult.READ_WRITE_DENIED;
        }
        return write(attribute, value);
    }

    /** Invokes a method. */
    public MethodResult invoke(int method, DlmsData parameters) {
        return MethodResult.of(ActionResult.OBJECT_UNAVAILABLE);
    }

    protected abstract AttributeRead read(int attribute, SelectiveRead selective);

    protected DataAccessResult write(int attribute, DlmsData value) {
        return DataAccessResult.READ_WRITE_DENIED;
    }

    /** The access rights the association object lists for this object: attributes readable, writable, methods. */
    public abstract int attributeCount();

    public int methodCount() {
        return 0;
    }

    /** An attribute id outside the class's range. */
    protected static AttributeRead undefined() {
        return AttributeRead.error(DataAccessResult.OBJECT_UNDEFINED);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + logicalName + " class " + classId + "]";
    }

    /** The outcome of reading an attribute: data, or the reason it cannot be read. */
    public record AttributeRead(DlmsData data, DataAccessResult error) {
        public static AttributeRead of(DlmsData data) {
            return new AttributeRead(Objects.requireNonNull(data), null);
        }

        public static AttributeRead error(DataAccessResult error) {
            return new AttributeRead(null, Objects.requireNonNull(error));
        }

        public boolean isSuccess() {
            return data != null;
        }
    }

    /** The outcome of a method: its result and optional return data. */
    public record MethodResult(ActionResult result, DlmsData returned) {
        public static MethodResult of(ActionResult result) {
            return new MethodResult(result, null);
        }

        public static final MethodResult SUCCESS = new MethodResult(ActionResult.SUCCESS, null);
    }

    /** Selective access as a GET carried it: the access selector and its parameters. */
    public record SelectiveRead(int selector, DlmsData parameters) {
    }
}
