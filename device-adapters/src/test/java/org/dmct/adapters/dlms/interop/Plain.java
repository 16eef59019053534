package org.dmct.adapters.dlms.interop;

import gurux.dlms.GXDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.CosemDateTime;

/**
 * The common form in which matrix cells compare values decoded by different stacks: integers and enums as
 * {@code Long} (Gurux's {@code GXEnum} is a {@code Number}), booleans as {@code Boolean}, octet-strings as {@link Octets}, structures and arrays as {@code List},
 * strings as {@code String}. Integer widths are not compared (Gurux's decoded Java types do not keep them all); the
 * stacks could only produce matching values by decoding every A-XDR tag and length as the sender meant them.
 */
final class Plain {
    /** An octet-string, compared by content. */
    record Octets(String hex) {
        static Octets of(byte[] bytes) {
            return new Octets(HexFormat.of().formatHex(bytes));
        }

        byte[] bytes() {
            return HexFormat.of().parseHex(hex);
        }
    }

    private Plain() {
    }

    /** Our own decoding (the adapter's client, and the simulator's state). */
    static Object of(DlmsData d) {
        if (d instanceof DlmsData.NullData) {
            return null;
        }
        if (d.asList().isPresent()) {
            List<Object> out = new ArrayList<>();
            d.asList().get().forEach(e -> out.add(of(e)));
            return out;
        }
        if (d.asBoolean().isPresent()) {
            return d.asBoolean().get();
        }
        if (d.asLong().isPresent()) {
            return d.asLong().getAsLong();
        }
        if (d.asBytes().isPresent()) {
            return Octets.of(d.asBytes().get());
        }
        if (d instanceof DlmsData.DateTimeData dt) {
            return Octets.of(dt.value().toBytes());
        }
        if (d.asString().isPresent()) {
            return d.asString().get();
        }
        throw new AssertionError("no plain form for " + d);
    }

    /** jDLMS 1.8.0's decoding. */
    static Object of(org.openmuc.jdlms.datatypes.DataObject d) {
        if (d.isNull()) {
            return null;
        }
        if (d.isComplex()) {
            List<Object> out = new ArrayList<>();
            List<org.openmuc.jdlms.datatypes.DataObject> elements = d.getValue();
            elements.forEach(e -> out.add(of(e)));
            return out;
        }
        if (d.isBoolean()) {
            return d.getValue();
        }
        if (d.isNumber()) {
            return ((Number) d.getValue()).longValue();
        }
        if (d.isByteArray()) {
            return Octets.of(d.getValue());
        }
        if (d.getType() == org.openmuc.jdlms.datatypes.DataObject.Type.VISIBLE_STRING) {
            return new String((byte[]) d.getValue(), java.nio.charset.StandardCharsets.US_ASCII);
        }
        throw new AssertionError("no plain form for jDLMS " + d);
    }

    /** Gurux 4.0.47's decoding of a value it had no type information for. */
    static Object ofGurux(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(e -> out.add(ofGurux(e)));
            return out;
        }
        if (o instanceof Object[] array) {
            List<Object> out = new ArrayList<>();
            for (Object e : array) {
                out.add(ofGurux(e));
            }
            return out;
        }
        if (o instanceof Boolean b) {
            return b;
        }
        if (o instanceof Number n) {
            return n.longValue();
        }
        if (o instanceof byte[] bytes) {
            return Octets.of(bytes);
        }
        if (o instanceof GXDateTime) {
            throw new AssertionError("Gurux turned a value into a date-time without being told its type: " + o);
        }
        if (o instanceof String s) {
            return s;
        }
        throw new AssertionError("no plain form for Gurux " + o.getClass().getName() + " " + o);
    }

    /** A plain value that is a 12-byte COSEM date-time, as a point in time. */
    static java.time.OffsetDateTime dateTime(Object plain) {
        if (!(plain instanceof Octets o) || o.bytes().length != CosemDateTime.LENGTH) {
            throw new AssertionError("not a 12-byte date-time octet-string: " + plain);
        }
        return CosemDateTime.fromBytes(o.bytes()).toOffsetDateTime()
                .orElseThrow(() -> new AssertionError("not a fully specified date-time: " + plain));
    }

    static Octets dateTimeOctets(java.time.OffsetDateTime time) {
        return Octets.of(CosemDateTime.of(time).toBytes());
    }
}
