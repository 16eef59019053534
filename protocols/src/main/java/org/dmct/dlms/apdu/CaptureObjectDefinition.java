package org.dmct.dlms.apdu;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.ObisCode;

/**
 * A capture_object_definition of the profile generic class (class id 7): one column of a
 * profile's buffer, named by the class id, logical name and attribute index of the captured
 * attribute and a data index (0 for the whole attribute, n for its n-th element). Range
 * selection restricts on one of them and selects columns with a list of them.
 *
 * @param classId interface class id, 0..65535
 * @param logicalName logical name of the captured object
 * @param attributeIndex attribute index, -128..127
 * @param dataIndex 0..65535
 */
public record CaptureObjectDefinition(int classId, ObisCode logicalName, int attributeIndex, int dataIndex) {

    /** Range and null checks. */
    public CaptureObjectDefinition {
        if (classId < 0 || classId > 0xFFFF) {
            throw new IllegalArgumentException("class id is a long-unsigned, got " + classId);
        }
        Objects.requireNonNull(logicalName, "logicalName");
        if (attributeIndex < -128 || attributeIndex > 127) {
            throw new IllegalArgumentException("attribute index is an integer (-128..127), got " + attributeIndex);
        }
        if (dataIndex < 0 || dataIndex > 0xFFFF) {
            throw new IllegalArgumentException("data index is a long-unsigned, got " + dataIndex);
        }
    }

    /**
     * Shorthand taking the logical name as text, for the whole attribute (data index 0).
     *
     * @param classId interface class id
     * @param logicalName OBIS code text such as {@code "0-0:1.0.0.255"}
     * @param attributeIndex attribute index
     * @return the definition
     */
    public static CaptureObjectDefinition of(int classId, String logicalName, int attributeIndex) {
        return new CaptureObjectDefinition(classId, ObisCode.parse(logicalName), attributeIndex, 0);
    }

    /**
     * @return the Blue Book structure {class_id long-unsigned, logical_name octet-string,
     *         attribute_index integer, data_index long-unsigned}
     */
    public DlmsData toData() {
        return DlmsData.structure(DlmsData.u16(classId), DlmsData.octets(logicalName.toBytes()),
                DlmsData.i8(attributeIndex), DlmsData.u16(dataIndex));
    }

    /**
     * Reads the structure back.
     *
     * @param data what a client sent
     * @return the definition, or empty if the data is not a capture_object_definition of the right types
     */
    public static Optional<CaptureObjectDefinition> fromData(DlmsData data) {
        if (!(data instanceof DlmsData.StructureData s) || s.elements().size() != 4) {
            return Optional.empty();
        }
        List<DlmsData> e = s.elements();
        if (e.get(0) instanceof DlmsData.Unsigned16 classId && e.get(1) instanceof DlmsData.OctetString ln
                && ln.length() == 6 && e.get(2) instanceof DlmsData.Integer8 attribute
                && e.get(3) instanceof DlmsData.Unsigned16 dataIndex) {
            return Optional.of(new CaptureObjectDefinition(classId.value(), ObisCode.fromBytes(ln.bytes()),
                    attribute.value(), dataIndex.value()));
        }
        return Optional.empty();
    }
}
