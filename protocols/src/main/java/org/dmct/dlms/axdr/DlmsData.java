package org.dmct.dlms.axdr;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.dmct.dlms.cosem.CosemDateTime;

/**
 * A COSEM {@code Data} value: one immutable record per A-XDR data type. Records that hold byte
 * arrays copy them in and out and compare by content, so values can be used as map keys and in
 * assertions. Unsigned records check their range on construction. Static factories such as
 * {@link #u32(long)} and {@link #structure(DlmsData...)} keep calling code short, and the
 * {@code as...} accessors read a value without the caller switching on its exact type (a
 * register may answer with any integer width; a clock with date-time or a 12-byte octet-string).
 */
public sealed interface DlmsData permits DlmsData.NullData, DlmsData.BooleanData, DlmsData.BitString,
        DlmsData.Integer8, DlmsData.Integer16, DlmsData.Integer32, DlmsData.Integer64,
        DlmsData.Unsigned8, DlmsData.Unsigned16, DlmsData.Unsigned32, DlmsData.Unsigned64,
        DlmsData.EnumValue, DlmsData.Float32, DlmsData.Float64, DlmsData.OctetString,
        DlmsData.VisibleString, DlmsData.Utf8String, DlmsData.Bcd, DlmsData.DateTimeData,
        DlmsData.DateData, DlmsData.TimeData, DlmsData.ArrayData, DlmsData.StructureData {

    /**
     * Returns the A-XDR type of this value.
     *
     * @return the type
     */
    DataType type();

    // ---------------------------------------------------------------- factories

    /** @return the null-data value */
    static NullData nullData() {
        return NullData.INSTANCE;
    }

    /**
     * @param value the value
     * @return a boolean
     */
    static BooleanData bool(boolean value) {
        return new BooleanData(value);
    }

    /**
     * @param bytes the bits, MSB first
     * @param bitLength number of bits used
     * @return a bit-string
     */
    static BitString bitString(byte[] bytes, int bitLength) {
        return new BitString(bytes, bitLength);
    }

    /**
     * @param bits the bits in order
     * @return a bit-string of exactly that many bits
     */
    static BitString bits(boolean... bits) {
        return BitString.of(bits);
    }

    /**
     * @param value -128..127
     * @return an integer (Integer8)
     */
    static Integer8 i8(int value) {
        if (value < Byte.MIN_VALUE || value > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("integer (Integer8) must be -128..127, got " + value);
        }
        return new Integer8((byte) value);
    }

    /**
     * @param value -32768..32767
     * @return a long (Integer16)
     */
    static Integer16 i16(int value) {
        if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
            throw new IllegalArgumentException("long (Integer16) must be -32768..32767, got " + value);
        }
        return new Integer16((short) value);
    }

    /**
     * @param value the value
     * @return a double-long (Integer32)
     */
    static Integer32 i32(int value) {
        return new Integer32(value);
    }

    /**
     * @param value the value
     * @return a long64 (Integer64)
     */
    static Integer64 i64(long value) {
        return new Integer64(value);
    }

    /**
     * @param value 0..255
     * @return an unsigned (Unsigned8)
     */
    static Unsigned8 u8(int value) {
        return new Unsigned8(value);
    }

    /**
     * @param value 0..65535
     * @return a long-unsigned (Unsigned16)
     */
    static Unsigned16 u16(int value) {
        return new Unsigned16(value);
    }

    /**
     * @param value 0..2^32-1
     * @return a double-long-unsigned (Unsigned32)
     */
    static Unsigned32 u32(long value) {
        return new Unsigned32(value);
    }

    /**
     * @param bits the 64 bits, read as unsigned
     * @return a long64-unsigned (Unsigned64)
     */
    static Unsigned64 u64(long bits) {
        return new Unsigned64(bits);
    }

    /**
     * @param value 0..2^64-1
     * @return a long64-unsigned (Unsigned64)
     */
    static Unsigned64 u64(BigInteger value) {
        return Unsigned64.of(value);
    }

    /**
     * @param value 0..255
     * @return an enum
     */
    static EnumValue enumValue(int value) {
        return new EnumValue(value);
    }

    /**
     * @param value the value
     * @return a float32
     */
    static Float32 f32(float value) {
        return new Float32(value);
    }

    /**
     * @param value the value
     * @return a float64
     */
    static Float64 f64(double value) {
        return new Float64(value);
    }

    /**
     * @param bytes the content (copied)
     * @return an octet-string
     */
    static OctetString octets(byte[] bytes) {
        return new OctetString(bytes);
    }

    /**
     * @param value characters 0..255 only
     * @return a visible-string
     */
    static VisibleString visible(String value) {
        return new VisibleString(value);
    }

    /**
     * @param value the text
     * @return a utf8-string
     */
    static Utf8String utf8(String value) {
        return new Utf8String(value);
    }

    /**
     * @param value the raw byte, 0..255 or -128..127
     * @return a bcd
     */
    static Bcd bcd(int value) {
        if (value < Byte.MIN_VALUE || value > 0xFF) {
            throw new IllegalArgumentException("bcd is one byte, got " + value);
        }
        return new Bcd((byte) value);
    }

    /**
     * @param value the date-time
     * @return a date-time (tag 25)
     */
    static DateTimeData dateTime(CosemDateTime value) {
        return new DateTimeData(value);
    }

    /**
     * @param value the date-time
     * @return a 12-byte octet-string, the usual clock encoding
     */
    static OctetString dateTimeOctets(CosemDateTime value) {
        return new OctetString(value.toBytes());
    }

    /**
     * @param bytes five bytes
     * @return a date
     */
    static DateData date(byte[] bytes) {
        return new DateData(bytes);
    }

    /**
     * @param bytes four bytes
     * @return a time
     */
    static TimeData time(byte[] bytes) {
        return new TimeData(bytes);
    }

    /**
     * @param elements the elements
     * @return an array
     */
    static ArrayData array(DlmsData... elements) {
        return new ArrayData(List.of(elements));
    }

    /**
     * @param elements the elements
     * @return an array
     */
    static ArrayData array(List<? extends DlmsData> elements) {
        return new ArrayData(List.copyOf(elements));
    }

    /**
     * @param elements the elements
     * @return a structure
     */
    static StructureData structure(DlmsData... elements) {
        return new StructureData(List.of(elements));
    }

    /**
     * @param elements the elements
     * @return a structure
     */
    static StructureData structure(List<? extends DlmsData> elements) {
        return new StructureData(List.copyOf(elements));
    }

    // ---------------------------------------------------------------- accessors

    /**
     * Returns an integer-like value (any signed or unsigned width, or enum) as a long.
     *
     * @return the value; empty for other types and for long64-unsigned values above 2^63-1
     */
    default OptionalLong asLong() {
        if (this instanceof Integer8 v) {
            return OptionalLong.of(v.value());
        } else if (this instanceof Integer16 v) {
            return OptionalLong.of(v.value());
        } else if (this instanceof Integer32 v) {
            return OptionalLong.of(v.value());
        } else if (this instanceof Integer64 v) {
            return OptionalLong.of(v.value());
        } else if (this instanceof Unsigned8 v) {
            return OptionalLong.of(v.value());
        } else if (this instanceof Unsigned16 v) {
            return OptionalLong.of(v.value());
        } else if (this instanceof Unsigned32 v) {
            return OptionalLong.of(v.value());
        } else if (this instanceof Unsigned64 v) {
            return v.value() >= 0 ? OptionalLong.of(v.value()) : OptionalLong.empty();
        } else if (this instanceof EnumValue v) {
            return OptionalLong.of(v.value());
        }
        return OptionalLong.empty();
    }

    /**
     * Returns an integer-like value as a BigInteger, covering the whole long64-unsigned range.
     *
     * @return the value; empty for non-integer types
     */
    default Optional<BigInteger> asBigInteger() {
        if (this instanceof Unsigned64 v) {
            return Optional.of(v.toBigInteger());
        }
        OptionalLong l = asLong();
        return l.isPresent() ? Optional.of(BigInteger.valueOf(l.getAsLong())) : Optional.empty();
    }

    /**
     * Returns a numeric value (integer-like or float) as a double.
     *
     * @return the value; empty for non-numeric types
     */
    default OptionalDouble asDouble() {
        if (this instanceof Float32 v) {
            return OptionalDouble.of(v.value());
        } else if (this instanceof Float64 v) {
            return OptionalDouble.of(v.value());
        }
        Optional<BigInteger> b = asBigInteger();
        return b.isPresent() ? OptionalDouble.of(b.get().doubleValue()) : OptionalDouble.empty();
    }

    /**
     * Returns the value of a boolean.
     *
     * @return the value; empty for other types
     */
    default Optional<Boolean> asBoolean() {
        return this instanceof BooleanData v ? Optional.of(v.value()) : Optional.empty();
    }

    /**
     * Returns the content of an octet-string.
     *
     * @return a copy of the bytes; empty for other types
     */
    default Optional<byte[]> asBytes() {
        return this instanceof OctetString v ? Optional.of(v.bytes()) : Optional.empty();
    }

    /**
     * Returns the text of a visible-string or utf8-string.
     *
     * @return the text; empty for other types
     */
    default Optional<String> asString() {
        if (this instanceof VisibleString v) {
            return Optional.of(v.value());
        } else if (this instanceof Utf8String v) {
            return Optional.of(v.value());
        }
        return Optional.empty();
    }

    /**
     * Returns a COSEM date-time carried as the date-time type or as a 12-byte octet-string.
     *
     * @return the date-time; empty for other types and for octet-strings whose fields are invalid
     */
    default Optional<CosemDateTime> asDateTime() {
        if (this instanceof DateTimeData v) {
            return Optional.of(v.value());
        } else if (this instanceof OctetString v && v.length() == CosemDateTime.LENGTH) {
            try {
                return Optional.of(CosemDateTime.fromBytes(v.bytes()));
            } catch (IllegalArgumentException e) {
                // twelve bytes that are not a date-time are just an octet-string
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the elements of an array or structure.
     *
     * @return the unmodifiable elements; empty for other types
     */
    default Optional<List<DlmsData>> asList() {
        if (this instanceof ArrayData v) {
            return Optional.of(v.elements());
        } else if (this instanceof StructureData v) {
            return Optional.of(v.elements());
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- the types

    /** null-data (tag 0): no value; a single instance suffices, though any instance equals it. */
    record NullData() implements DlmsData {
        /** The only value needed. */
        public static final NullData INSTANCE = new NullData();

        @Override
        public DataType type() {
            return DataType.NULL_DATA;
        }
    }

    /**
     * boolean (tag 3). True is written as 0x01; any non-zero byte reads as true, as A-XDR allows.
     *
     * @param value the value
     */
    record BooleanData(boolean value) implements DlmsData {
        @Override
        public DataType type() {
            return DataType.BOOLEAN;
        }
    }

    /**
     * bit-string: {@code bitLength} bits packed MSB first into {@code ceil(bitLength / 8)} bytes.
     * Unused trailing bits are kept as received so re-encoding reproduces the input.
     *
     * @param bytes the packed bits
     * @param bitLength the number of bits
     */
    record BitString(byte[] bytes, int bitLength) implements DlmsData {
        /** Checks the byte count matches the bit length and copies the array. */
        public BitString {
            Objects.requireNonNull(bytes, "bytes");
            if (bitLength < 0) {
                throw new IllegalArgumentException("bit length must not be negative, got " + bitLength);
            }
            if (bytes.length != (bitLength + 7) / 8) {
                throw new IllegalArgumentException("a bit-string of " + bitLength + " bits needs "
                        + (bitLength + 7) / 8 + " bytes, got " + bytes.length);
            }
            bytes = bytes.clone();
        }

        /**
         * @param bits the bits in order
         * @return the bit-string
         */
        public static BitString of(boolean... bits) {
            byte[] b = new byte[(bits.length + 7) / 8];
            for (int i = 0; i < bits.length; i++) {
                if (bits[i]) {
                    b[i / 8] |= (byte) (0x80 >>> (i % 8));
                }
            }
            return new BitString(b, bits.length);
        }

        /** @return a copy of the packed bits */
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /**
         * @param index 0 is the most significant bit of the first byte
         * @return the bit
         */
        public boolean bit(int index) {
            Objects.checkIndex(index, bitLength);
            return (bytes[index / 8] & (0x80 >>> (index % 8))) != 0;
        }

        @Override
        public DataType type() {
            return DataType.BIT_STRING;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BitString b && b.bitLength == bitLength && Arrays.equals(b.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return 31 * bitLength + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("BitString[");
            for (int i = 0; i < bitLength && i < 512; i++) {
                sb.append(bit(i) ? '1' : '0');
            }
            if (bitLength > 512) {
                sb.append("...(").append(bitLength).append(" bits)");
            }
            return sb.append(']').toString();
        }
    }

    /**
     * integer (tag 15): a signed 8-bit value, e.g. the scaler of a scaler_unit.
     *
     * @param value the value
     */
    record Integer8(byte value) implements DlmsData {
        @Override
        public DataType type() {
            return DataType.INTEGER;
        }
    }

    /**
     * long (tag 16): a signed 16-bit value.
     *
     * @param value the value
     */
    record Integer16(short value) implements DlmsData {
        @Override
        public DataType type() {
            return DataType.LONG;
        }
    }

    /**
     * double-long (tag 5): a signed 32-bit value.
     *
     * @param value the value
     */
    record Integer32(int value) implements DlmsData {
        @Override
        public DataType type() {
            return DataType.DOUBLE_LONG;
        }
    }

    /**
     * long64 (tag 20): a signed 64-bit value.
     *
     * @param value the value
     */
    record Integer64(long value) implements DlmsData {
        @Override
        public DataType type() {
            return DataType.LONG64;
        }
    }

    /**
     * unsigned (tag 17): 0..255, held in an int so callers need no masking.
     *
     * @param value the value
     */
    record Unsigned8(int value) implements DlmsData {
        /** Range check. */
        public Unsigned8 {
            if (value < 0 || value > 0xFF) {
                throw new IllegalArgumentException("unsigned (Unsigned8) must be 0..255, got " + value);
            }
        }

        @Override
        public DataType type() {
            return DataType.UNSIGNED;
        }
    }

    /**
     * long-unsigned (tag 18): 0..65535, held in an int so callers need no masking.
     *
     * @param value the value
     */
    record Unsigned16(int value) implements DlmsData {
        /** Range check. */
        public Unsigned16 {
            if (value < 0 || value > 0xFFFF) {
                throw new IllegalArgumentException("long-unsigned (Unsigned16) must be 0..65535, got " + value);
            }
        }

        @Override
        public DataType type() {
            return DataType.LONG_UNSIGNED;
        }
    }

    /**
     * double-long-unsigned (tag 6): 0..4294967295, held in a long; the usual register value type.
     *
     * @param value the value
     */
    record Unsigned32(long value) implements DlmsData {
        /** Range check. */
        public Unsigned32 {
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException(
                        "double-long-unsigned (Unsigned32) must be 0..4294967295, got " + value);
            }
        }

        @Override
        public DataType type() {
            return DataType.DOUBLE_LONG_UNSIGNED;
        }
    }

    /**
     * long64-unsigned: the 64 bits of {@code value} read as an unsigned number, so every long is
     * valid and negative longs stand for values above 2^63-1.
     *
     * @param value the bits
     */
    record Unsigned64(long value) implements DlmsData {
        private static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

        /**
         * @param value 0..2^64-1
         * @return the value
         */
        public static Unsigned64 of(BigInteger value) {
            if (value.signum() < 0 || value.compareTo(MAX) > 0) {
                throw new IllegalArgumentException(
                        "long64-unsigned (Unsigned64) must be 0..18446744073709551615, got " + value);
            }
            return new Unsigned64(value.longValue());
        }

        /** @return the unsigned value */
        public BigInteger toBigInteger() {
            return new BigInteger(Long.toUnsignedString(value));
        }

        @Override
        public DataType type() {
            return DataType.LONG64_UNSIGNED;
        }

        @Override
        public String toString() {
            return "Unsigned64[value=" + Long.toUnsignedString(value) + "]";
        }
    }

    /**
     * enum (tag 22): 0..255, whose meaning the interface class defines (a unit, a control state).
     *
     * @param value the value
     */
    record EnumValue(int value) implements DlmsData {
        /** Range check. */
        public EnumValue {
            if (value < 0 || value > 0xFF) {
                throw new IllegalArgumentException("enum must be 0..255, got " + value);
            }
        }

        @Override
        public DataType type() {
            return DataType.ENUM;
        }
    }

    /**
     * float32 (tag 23): IEEE 754 single precision. NaN equals NaN, as for {@link Float#equals}, and
     * NaN payload bits survive a round trip.
     *
     * @param value the value
     */
    record Float32(float value) implements DlmsData {
        @Override
        public DataType type() {
            return DataType.FLOAT32;
        }
    }

    /**
     * float64 (tag 24): IEEE 754 double precision. NaN equals NaN, as for {@link Double#equals}.
     *
     * @param value the value
     */
    record Float64(double value) implements DlmsData {
        @Override
        public DataType type() {
            return DataType.FLOAT64;
        }
    }

    /**
     * octet-string (tag 9) of any length: logical names, identifiers, and the clock as 12 bytes.
     *
     * @param bytes the content
     */
    record OctetString(byte[] bytes) implements DlmsData {
        /** Copies the array. */
        public OctetString {
            bytes = Objects.requireNonNull(bytes, "bytes").clone();
        }

        /** @return a copy of the content */
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** @return the number of bytes, without copying */
        public int length() {
            return bytes.length;
        }

        @Override
        public DataType type() {
            return DataType.OCTET_STRING;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof OctetString b && Arrays.equals(b.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "OctetString[" + org.dmct.dlms.internal.Hex.abbreviate(bytes) + "]";
        }
    }

    /**
     * visible-string. Bytes map one to one onto characters 0..255 (ISO 8859-1), so whatever a
     * device sends, including control characters, survives a round trip.
     *
     * @param value the text
     */
    record VisibleString(String value) implements DlmsData {
        /** Rejects characters that do not fit one byte. */
        public VisibleString {
            Objects.requireNonNull(value, "value");
            for (int i = 0; i < value.length(); i++) {
                if (value.charAt(i) > 0xFF) {
                    throw new IllegalArgumentException("visible-string character at index " + i
                            + " (U+" + Integer.toHexString(value.charAt(i)).toUpperCase() + ") does not fit one byte");
                }
            }
        }

        /** @return the encoded bytes */
        public byte[] toBytes() {
            return value.getBytes(StandardCharsets.ISO_8859_1);
        }

        @Override
        public DataType type() {
            return DataType.VISIBLE_STRING;
        }
    }

    /**
     * utf8-string (tag 12). Invalid UTF-8 on the wire is a decode failure rather than silently replaced.
     *
     * @param value the text
     */
    record Utf8String(String value) implements DlmsData {
        /** Null check. */
        public Utf8String {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public DataType type() {
            return DataType.UTF8_STRING;
        }
    }

    /**
     * bcd (tag 13): one byte, kept raw because devices disagree on how to read it.
     *
     * @param value the byte
     */
    record Bcd(byte value) implements DlmsData {
        @Override
        public DataType type() {
            return DataType.BCD;
        }
    }

    /**
     * date-time (tag 25): the 12-byte COSEM date-time, validated on decode.
     *
     * @param value the date-time
     */
    record DateTimeData(CosemDateTime value) implements DlmsData {
        /** Null check. */
        public DateTimeData {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public DataType type() {
            return DataType.DATE_TIME;
        }
    }

    /**
     * date (tag 26): year (2 bytes), month, day of month and day of week, kept raw as the five bytes.
     *
     * @param bytes five bytes
     */
    record DateData(byte[] bytes) implements DlmsData {
        /** Length check and copy. */
        public DateData {
            Objects.requireNonNull(bytes, "bytes");
            if (bytes.length != 5) {
                throw new IllegalArgumentException("a date is 5 bytes, got " + bytes.length);
            }
            bytes = bytes.clone();
        }

        /** @return a copy of the five bytes */
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public DataType type() {
            return DataType.DATE;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DateData b && Arrays.equals(b.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "DateData[" + HexFormat.of().withUpperCase().formatHex(bytes) + "]";
        }
    }

    /**
     * time (tag 27): hour, minute, second and hundredths, kept raw as the four bytes.
     *
     * @param bytes four bytes
     */
    record TimeData(byte[] bytes) implements DlmsData {
        /** Length check and copy. */
        public TimeData {
            Objects.requireNonNull(bytes, "bytes");
            if (bytes.length != 4) {
                throw new IllegalArgumentException("a time is 4 bytes, got " + bytes.length);
            }
            bytes = bytes.clone();
        }

        /** @return a copy of the four bytes */
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public DataType type() {
            return DataType.TIME;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TimeData b && Arrays.equals(b.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "TimeData[" + HexFormat.of().withUpperCase().formatHex(bytes) + "]";
        }
    }

    /**
     * array: elements of (normally) one type. The codec does not insist on one type, so a
     * device that mixes them can still be decoded and reported.
     *
     * @param elements the elements
     */
    record ArrayData(List<DlmsData> elements) implements DlmsData {
        /** Copies the list; nulls are rejected. */
        public ArrayData {
            elements = List.copyOf(elements);
        }

        @Override
        public DataType type() {
            return DataType.ARRAY;
        }
    }

    /**
     * structure (tag 2): an ordered sequence of values of any types, such as the register's scaler_unit.
     *
     * @param elements the elements
     */
    record StructureData(List<DlmsData> elements) implements DlmsData {
        /** Copies the list; nulls are rejected. */
        public StructureData {
            elements = List.copyOf(elements);
        }

        @Override
        public DataType type() {
            return DataType.STRUCTURE;
        }
    }
}
