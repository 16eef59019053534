package org.dmct.sim.control;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dmct.core.profile.CosemObjectRef;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.ObisCode;
import org.dmct.sim.cosem.CosemObject;
import org.dmct.sim.device.SimulatedDevice;

/**
 * Reads a simulated device's values for the control interface's state answer the way a client would (attribute reads
 * through the device), rendered as JSON-friendly values: numbers, text, hex for octet strings, lists for arrays and
 * structures.
 */
final class DeviceReadings {
    private static final int REGISTER_CLASS = 3;
    private static final int EXTENDED_REGISTER_CLASS = 4;
    private static final int DATA_CLASS = 1;

    private DeviceReadings() {
    }

    /** Each register or data function of the profile, by name: its value as the device would return it. */
    static Map<String, Object> registers(SimulatedDevice device) {
        Map<String, Object> values = new TreeMap<>();
        for (Map.Entry<String, CosemObjectRef> f : device.profile().functions().entrySet()) {
            CosemObjectRef ref = f.getValue();
            if (ref.classId() != REGISTER_CLASS && ref.classId() != EXTENDED_REGISTER_CLASS
                    && ref.classId() != DATA_CLASS) {
                continue;
            }
            int attribute = ref.attribute() > 0 ? ref.attribute() : 2;
            var read = device.get(new AttributeDescriptor(ref.classId(), ObisCode.parse(ref.obis()), attribute), null);
            values.put(f.getKey(), read.isSuccess() ? plain(read.data()) : "error: " + read.error());
        }
        return values;
    }

    /** The last entries of the device's event log (its buffer), oldest first; empty when it has none. */
    static List<Object> eventLogTail(SimulatedDevice device, int count) {
        return device.eventLog().map(log -> {
            CosemObject.AttributeRead read = log.get(2, null);
            if (!read.isSuccess() || !(read.data() instanceof DlmsData.ArrayData entries)) {
                return List.<Object>of();
            }
            List<DlmsData> all = entries.elements();
            List<Object> tail = new ArrayList<>();
            all.subList(Math.max(0, all.size() - count), all.size()).forEach(e -> tail.add(plain(e)));
            return tail;
        }).orElse(List.of());
    }

    static Object plain(DlmsData d) {
        if (d == null) {
            return null;
        }
        if (d instanceof DlmsData.NullData) {
            return null;
        }
        if (d instanceof DlmsData.BooleanData b) {
            return b.value();
        }
        if (d instanceof DlmsData.Unsigned64 u) {
            // as text: a long64-unsigned above 2^63-1 has no JSON integer a reader could trust
            return Long.toUnsignedString(u.value());
        }
        java.util.OptionalLong whole = d.asLong();
        if (whole.isPresent()) {
            return whole.getAsLong();
        }
        if (d instanceof DlmsData.Float32 f) {
            return (double) f.value();
        }
        if (d instanceof DlmsData.Float64 f) {
            return f.value();
        }
        if (d instanceof DlmsData.VisibleString s) {
            return s.value();
        }
        if (d instanceof DlmsData.Utf8String s) {
            return s.value();
        }
        if (d instanceof DlmsData.DateTimeData t) {
            return t.value().toOffsetDateTime().map(Object::toString).orElse(t.value().toString());
        }
        if (d instanceof DlmsData.OctetString o) {
            return dateOrHex(o.bytes());
        }
        if (d instanceof DlmsData.ArrayData a) {
            return a.elements().stream().map(DeviceReadings::plain).toList();
        }
        if (d instanceof DlmsData.StructureData s) {
            return s.elements().stream().map(DeviceReadings::plain).toList();
        }
        return d.toString();
    }

    /** A 12-byte octet string is how COSEM carries date-times in profiles; anything else is shown as hex. */
    private static Object dateOrHex(byte[] bytes) {
        if (bytes.length == org.dmct.dlms.cosem.CosemDateTime.LENGTH) {
            try {
                return org.dmct.dlms.cosem.CosemDateTime.fromBytes(bytes).toOffsetDateTime().map(Object::toString)
                        .orElse(HexFormat.of().formatHex(bytes));
            } catch (RuntimeException notADate) {
                return HexFormat.of().formatHex(bytes);
            }
        }
        return HexFormat.of().formatHex(bytes);
    }
}
