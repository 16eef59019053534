package org.dmct.dlms.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.dmct.dlms.axdr.DlmsData;

/**
 * One entry of the Security setup key_agreement method's parameter (and of its return value):
 * {@code structure { key_id: enum, key_data: octet-string }}, where for the ephemeral unified model
 * C(2e, 0s) key_data is the sender's ephemeral public key (64 bytes, X || Y) followed by its
 * signature (64 bytes, r || s). {@link #encode(List)} and {@link #decode(DlmsData)} convert the
 * whole parameter, an array of such structures; decoding untrusted data gives a {@link Decoded}
 * that carries a failure reason rather than throwing.
 *
 * @param keyId which global key is agreed
 * @param keyData ephemeral public key || signature
 */
public record KeyAgreementData(GlobalKeyId keyId, byte[] keyData) {

    /** 64-byte ephemeral public key plus 64-byte signature. */
    public static final int KEY_DATA_LENGTH = 128;

    /** Checks and copies. */
    public KeyAgreementData {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(keyData, "keyData");
        if (keyData.length != KEY_DATA_LENGTH) {
            throw new IllegalArgumentException("key_data of key_agreement is 128 bytes (ephemeral public key and "
                    + "signature), got " + keyData.length);
        }
        keyData = keyData.clone();
    }

    /** @return a copy of key_data */
    @Override
    public byte[] keyData() {
        return keyData.clone();
    }

    /** @return the ephemeral public key part, X || Y */
    public byte[] ephemeralPublicKey() {
        return Arrays.copyOfRange(keyData, 0, 64);
    }

    /** @return the signature part, r || s */
    public byte[] signature() {
        return Arrays.copyOfRange(keyData, 64, KEY_DATA_LENGTH);
    }

    /**
     * @param entries the entries
     * @return the method parameter: array of structure { enum, octet-string }
     */
    public static DlmsData encode(List<KeyAgreementData> entries) {
        List<DlmsData> items = new ArrayList<>();
        for (KeyAgreementData e : entries) {
            items.add(DlmsData.structure(DlmsData.enumValue(e.keyId.value()), DlmsData.octets(e.keyData)));
        }
        return DlmsData.array(items);
    }

    /**
     * The result of reading a key_agreement parameter: the entries, or why they could not be read.
     *
     * @param entries the entries, empty on failure
     * @param failure the reason, null on success
     */
    public record Decoded(List<KeyAgreementData> entries, String failure) {
        /** Copies. */
        public Decoded {
            entries = List.copyOf(entries);
        }

        /** @return true if the parameter was well formed */
        public boolean isSuccess() {
            return failure == null;
        }
    }

    /**
     * Reads a key_agreement parameter or return value.
     *
     * @param data the decoded A-XDR data
     * @return the entries, or a failure naming the first problem
     */
    public static Decoded decode(DlmsData data) {
        if (!(data instanceof DlmsData.ArrayData array)) {
            return new Decoded(List.of(), "key_agreement data must be an array, got "
                    + (data == null ? "nothing" : data.getClass().getSimpleName()));
        }
        List<DlmsData> items = array.asList().orElse(List.of());
        if (items.isEmpty()) {
            return new Decoded(List.of(), "key_agreement data is an empty array");
        }
        List<KeyAgreementData> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            DlmsData item = items.get(i);
            if (!(item instanceof DlmsData.StructureData s) || s.asList().orElse(List.of()).size() != 2) {
                return new Decoded(List.of(), "key_agreement entry " + i + " must be a structure of 2 elements");
            }
            List<DlmsData> fields = s.asList().orElseThrow();
            if (!(fields.get(0) instanceof DlmsData.EnumValue id)) {
                return new Decoded(List.of(), "key_agreement entry " + i + ": key_id must be an enum");
            }
            var keyId = GlobalKeyId.fromValue(id.value());
            if (keyId.isEmpty()) {
                return new Decoded(List.of(), "key_agreement entry " + i + ": key_id " + id.value() + " is undefined");
            }
            if (!(fields.get(1) instanceof DlmsData.OctetString keyData)) {
                return new Decoded(List.of(), "key_agreement entry " + i + ": key_data must be an octet-string");
            }
            byte[] bytes = keyData.asBytes().orElseThrow();
            if (bytes.length != KEY_DATA_LENGTH) {
                return new Decoded(List.of(), "key_agreement entry " + i + ": key_data is " + bytes.length
                        + " bytes, expected 128 (ephemeral public key and signature)");
            }
            out.add(new KeyAgreementData(keyId.get(), bytes));
        }
        return new Decoded(out, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyAgreementData k && k.keyId == keyId && Arrays.equals(k.keyData, keyData);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, Arrays.hashCode(keyData));
    }

    /** Public keys and signatures are not secret, but only the key id says anything to a reader. */
    @Override
    public String toString() {
        return "KeyAgreementData[" + keyId + ", 128 bytes]";
    }
}
