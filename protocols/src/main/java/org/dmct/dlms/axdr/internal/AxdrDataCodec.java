package org.dmct.dlms.axdr.internal;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dmct.dlms.axdr.AxdrException;
import org.dmct.dlms.axdr.AxdrLength;
import org.dmct.dlms.axdr.AxdrLimits;
import org.dmct.dlms.axdr.DataType;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.CosemDateTime;

/**
 * The recursive A-XDR encoder and decoder behind {@link org.dmct.dlms.axdr.AxdrCodec}, also used
 * by the APDU codecs so that failures inside a value report offsets from the start of the APDU.
 * One instance tracks the element budget of one decode.
 */
public final class AxdrDataCodec {

    private final AxdrLimits limits;
    private int elements;

    /**
     * Starts a decode with the given bounds.
     *
     * @param limits depth and element bounds
     */
    public AxdrDataCodec(AxdrLimits limits) {
        this.limits = limits;
    }

    // ------------------------------------------------------------------ encoding

    /**
     * Encodes a value with its tag.
     *
     * @param data the value
     * @param out where to write
     */
    public static void encode(DlmsData data, ByteBuf out) {
        encode(data, out, 1);
    }

    private static void encode(DlmsData data, ByteBuf out, int depth) {
        if (depth > AxdrLimits.DEFAULT.maxDepth()) {
            // what we refuse to decode we refuse to send, so our own peers never choke on it
            throw new IllegalArgumentException("data nests deeper than " + AxdrLimits.DEFAULT.maxDepth() + " levels");
        }
        out.writeByte(data.type().tag());
        if (data instanceof DlmsData.NullData) {
            return;
        } else if (data instanceof DlmsData.BooleanData v) {
            out.writeByte(v.value() ? 1 : 0);
        } else if (data instanceof DlmsData.BitString v) {
            AxdrLength.write(v.bitLength(), out);
            out.writeBytes(v.bytes());
        } else if (data instanceof DlmsData.Integer8 v) {
            out.writeByte(v.value());
        } else if (data instanceof DlmsData.Integer16 v) {
            out.writeShort(v.value());
        } else if (data instanceof DlmsData.Integer32 v) {
            out.writeInt(v.value());
        } else if (data instanceof DlmsData.Integer64 v) {
            out.writeLong(v.value());
        } else if (data instanceof DlmsData.Unsigned8 v) {
            out.writeByte(v.value());
        } else if (data instanceof DlmsData.Unsigned16 v) {
            out.writeShort(v.value());
        } else if (data instanceof DlmsData.Unsigned32 v) {
            out.writeInt((int) v.value());
        } else if (data instanceof DlmsData.Unsigned64 v) {
            out.writeLong(v.value());
        } else if (data instanceof DlmsData.EnumValue v) {
            out.writeByte(v.value());
        } else if (data instanceof DlmsData.Float32 v) {
            out.writeInt(Float.floatToRawIntBits(v.value()));
        } else if (data instanceof DlmsData.Float64 v) {
            out.writeLong(Double.doubleToRawLongBits(v.value()));
        } else if (data instanceof DlmsData.OctetString v) {
            byte[] b = v.bytes();
            AxdrLength.write(b.length, out);
            out.writeBytes(b);
        } else if (data instanceof DlmsData.VisibleString v) {
            byte[] b = v.toBytes();
            AxdrLength.write(b.length, out);
            out.writeBytes(b);
        } else if (data instanceof DlmsData.Utf8String v) {
            byte[] b = v.value().getBytes(StandardCharsets.UTF_8);
            AxdrLength.write(b.length, out);
            out.writeBytes(b);
        } else if (data instanceof DlmsData.Bcd v) {
            out.writeByte(v.value());
        } else if (data instanceof DlmsData.DateTimeData v) {
            out.writeBytes(v.value().toBytes());
        } else if (data instanceof DlmsData.DateData v) {
            out.writeBytes(v.bytes());
        } else if (data instanceof DlmsData.TimeData v) {
            out.writeBytes(v.bytes());
        } else if (data instanceof DlmsData.ArrayData v) {
            encodeElements(v.elements(), out, depth);
        } else if (data instanceof DlmsData.StructureData v) {
            encodeElements(v.elements(), out, depth);
        } else {
            throw new IllegalStateException("unhandled data type " + data.type());
        }
    }

    private static void encodeElements(List<DlmsData> elements, ByteBuf out, int depth) {
        AxdrLength.write(elements.size(), out);
        for (DlmsData e : elements) {
            encode(e, out, depth + 1);
        }
    }

    // ------------------------------------------------------------------ decoding

    /**
     * Decodes one value with its tag.
     *
     * @param in the reader positioned at the tag
     * @return the value
     * @throws AxdrException on malformed input or exceeded limits
     */
    public DlmsData decode(AxdrReader in) {
        return decode(in, 1);
    }

    private DlmsData decode(AxdrReader in, int depth) {
        int at = in.offset();
        if (depth > limits.maxDepth()) {
            throw in.error("data nests deeper than " + limits.maxDepth() + " levels");
        }
        if (++elements > limits.maxElements()) {
            throw in.error("more than " + limits.maxElements() + " data values in one decode");
        }
        int tag = in.readU8("data tag");
        Optional<DataType> type = DataType.lookup(tag);
        if (type.isEmpty()) {
            String known = tag == 19 ? " (compact-array is not supported)" : "";
            throw in.errorAt("unknown data tag " + tag + " (0x" + String.format("%02X", tag) + ")" + known, at);
        }
        switch (type.get()) {
            case NULL_DATA:
                return DlmsData.nullData();
            case BOOLEAN:
                return DlmsData.bool(in.readU8("boolean") != 0);
            case BIT_STRING: {
                int lenAt = in.offset();
                int bits = in.readLength("bit-string");
                int bytes = (int) ((bits + 7L) / 8);
                if (bytes > in.remaining()) {
                    throw in.errorAt("bit-string of " + bits + " bits needs " + bytes + " bytes but only "
                            + in.remaining() + " follow", lenAt);
                }
                return new DlmsData.BitString(in.readBytes(bytes, "bit-string"), bits);
            }
            case DOUBLE_LONG:
                return DlmsData.i32(in.readI32("double-long"));
            case DOUBLE_LONG_UNSIGNED:
                return DlmsData.u32(in.readU32("double-long-unsigned"));
            case OCTET_STRING: {
                int len = in.readBoundedLength("octet-string");
                return new DlmsData.OctetString(in.readBytes(len, "octet-string"));
            }
            case VISIBLE_STRING: {
                int len = in.readBoundedLength("visible-string");
                return new DlmsData.VisibleString(
                        new String(in.readBytes(len, "visible-string"), StandardCharsets.ISO_8859_1));
            }
            case UTF8_STRING: {
                int len = in.readBoundedLength("utf8-string");
                int textAt = in.offset();
                byte[] b = in.readBytes(len, "utf8-string");
                try {
                    String s = StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(b)).toString();
                    return new DlmsData.Utf8String(s);
                } catch (CharacterCodingException e) {
                    throw in.errorAt("utf8-string is not valid UTF-8", textAt);
                }
            }
            case BCD:
                return new DlmsData.Bcd((byte) in.readI8("bcd"));
            case INTEGER:
                return new DlmsData.Integer8((byte) in.readI8("integer"));
            case LONG:
                return new DlmsData.Integer16((short) in.readI16("long"));
            case UNSIGNED:
                return DlmsData.u8(in.readU8("unsigned"));
            case LONG_UNSIGNED:
                return DlmsData.u16(in.readU16("long-unsigned"));
            case LONG64:
                return DlmsData.i64(in.readI64("long64"));
            case LONG64_UNSIGNED:
                return DlmsData.u64(in.readI64("long64-unsigned"));
            case ENUM:
                return DlmsData.enumValue(in.readU8("enum"));
            case FLOAT32:
                return DlmsData.f32(Float.intBitsToFloat(in.readI32("float32")));
            case FLOAT64:
                return DlmsData.f64(Double.longBitsToDouble(in.readI64("float64")));
            case DATE_TIME: {
                int valueAt = in.offset();
                byte[] b = in.readBytes(CosemDateTime.LENGTH, "date-time");
                try {
                    return DlmsData.dateTime(CosemDateTime.fromBytes(b));
                } catch (IllegalArgumentException e) {
                    throw in.errorAt("invalid date-time: " + e.getMessage(), valueAt);
                }
            }
            case DATE:
                return DlmsData.date(in.readBytes(5, "date"));
            case TIME:
                return DlmsData.time(in.readBytes(4, "time"));
            case ARRAY:
                return new DlmsData.ArrayData(decodeElements(in, depth, "array"));
            case STRUCTURE:
                return new DlmsData.StructureData(decodeElements(in, depth, "structure"));
            default:
                throw in.errorAt("unhandled data tag " + tag, at);
        }
    }

    private List<DlmsData> decodeElements(AxdrReader in, int depth, String what) {
        int countAt = in.offset();
        int count = in.readLength(what + " element count");
        // every element takes at least its tag byte, so a count beyond the bytes left is a lie
        // that would otherwise make us allocate for it
        if (count > in.remaining()) {
            throw in.errorAt(what + " claims " + count + " elements but only " + in.remaining()
                    + " bytes follow", countAt);
        }
        if (depth + 1 > limits.maxDepth() && count > 0) {
            throw in.error("data nests deeper than " + limits.maxDepth() + " levels");
        }
        List<DlmsData> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(decode(in, depth + 1));
        }
        return list;
    }
}
