package org.dmct.core.pack;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.dmct.core.lab.LabDevice;

/** A fact the lab declares about a device, which a response value can be required to equal ({@code equalsDeclared}). */
public enum DeclaredField {
    FIRMWARE("firmware"), SERIAL_NUMBER("serialNumber"), MANUFACTURER("manufacturer"), MODEL("model"),
    DEVICE_TYPE("deviceType");

    private final String yamlName;

    DeclaredField(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The name packs use. */
    public String yamlName() {
        return yamlName;
    }

    /** The declared value for a device of the lab: firmware and serial from the lab file, the rest from its profile. */
    public String valueOf(LabDevice device) {
        switch (this) {
            case FIRMWARE: return device.firmware();
            case SERIAL_NUMBER: return device.serialNumber();
            case MANUFACTURER: return device.profile().manufacturer();
            case MODEL: return device.profile().model();
            default: return device.type().name();
        }
    }

    public static Optional<DeclaredField> parse(String text) {
        return Arrays.stream(values()).filter(f -> f.yamlName.equals(text.trim())).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(DeclaredField::yamlName).toList();
    }
}
