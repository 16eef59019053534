package org.dmct.adapters.dlms.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.dmct.core.profile.DeviceFunction;
import org.dmct.dlms.axdr.DlmsData;

/**
 * 11.1 Update Firmware and 11.3 Activate Firmware on the profile's {@code imageTransfer} object (class 18, Blue Book
 * image transfer process). Value names:
 * <ul>
 * <li>11.1: {@code imageIdentifier}, {@code imageSize}, {@code blockSize}, {@code blockCount},
 *     {@code transferStatus} (the Blue Book status text, "image verification successful" on success),
 *     {@code imageSignature} (hex, from image_to_activate_info). Parameters: {@code imageIdentifier} (required, the
 *     identifier image_transfer_initiate names), and the image as {@code image} (a file path) or {@code imageHex}</li>
 * <li>11.3: {@code transferStatus}, {@code firmwareVersion} (the firmware identifier read after activation)</li>
 * </ul>
 * The image travels in blocks of the device's image_block_size, one image_block_transfer ACTION each (itself sent in
 * APDU blocks when it exceeds the negotiated PDU size). A device that refuses image_verify or image_activate is a
 * refusal whose device result names image_transfer_status as the device then reports it, e.g.
 * {@code image-verification-failed}.
 */
final class FirmwareMappings {
    private static final String IMAGE = DeviceFunction.IMAGE_TRANSFER;
    private static final int BLOCK_SIZE = 2;
    private static final int FIRST_NOT_TRANSFERRED = 4;
    private static final int ENABLED = 5;
    private static final int STATUS = 6;
    private static final int TO_ACTIVATE = 7;
    private static final int INITIATE = 1;
    private static final int BLOCK_TRANSFER = 2;
    private static final int VERIFY = 3;
    private static final int ACTIVATE = 4;
    /** image_transfer_status (Blue Book class 18 attribute 6) by value. */
    private static final List<String> STATUS_TEXT = List.of("image transfer not initiated",
            "image transfer initiated", "image verification initiated", "image verification successful",
            "image verification failed", "image activation initiated", "image activation successful",
            "image activation failed");

    private FirmwareMappings() {
    }

    static Optional<SrvMappings.Mapping> find(String srv) {
        return switch (srv) {
            case "11.1" -> Optional.of(FirmwareMappings::updateFirmware);
            case "11.3" -> Optional.of(FirmwareMappings::activateFirmware);
            default -> Optional.empty();
        };
    }

    private static CompletableFuture<Map<String, Object>> updateFirmware(SrvCall call) {
        String identifier = call.request().parameter("imageIdentifier");
        if (identifier == null || identifier.isBlank()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "SRV 11.1 needs parameter imageIdentifier (the firmware identifier the image installs)"));
        }
        byte[] image;
        try {
            image = image(call);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("imageIdentifier", identifier);
        values.put("imageSize", (long) image.length);
        return call.read(IMAGE, ENABLED)
                .thenCompose(enabled -> enabled.asBoolean().orElse(false) ? CompletableFuture.<Void>completedFuture(null)
                        : call.write(IMAGE, ENABLED, DlmsData.bool(true)))
                .thenCompose(x -> call.read(IMAGE, BLOCK_SIZE))
                .thenCompose(sizeData -> {
                    long blockSize = sizeData.asLong().orElseThrow(() -> call.wrongType(IMAGE + " image_block_size",
                            "a number", sizeData));
                    if (blockSize < 1) {
                        throw call.wrongType(IMAGE + " image_block_size", "a positive number", sizeData);
                    }
                    long blocks = (image.length + blockSize - 1) / blockSize;
                    values.put("blockSize", blockSize);
                    values.put("blockCount", blocks);
                    DlmsData initiate = DlmsData.structure(DlmsData.octets(identifier.getBytes(StandardCharsets.US_ASCII)),
                            DlmsData.u32(image.length));
                    return call.invoke(IMAGE, INITIATE, initiate)
                            .thenCompose(i -> sendBlocks(call, image, (int) blockSize, 0, blocks))
                            .thenCompose(i -> resendMissing(call, image, (int) blockSize, blocks));
                })
                .thenCompose(x -> refusalWithStatus(call, call.invoke(IMAGE, VERIFY, DlmsData.i8(0)), "image_verify"))
                .thenCompose(x -> call.read(IMAGE, STATUS))
                .thenCompose(status -> {
                    values.put("transferStatus", statusText(call, status));
                    return call.read(IMAGE, TO_ACTIVATE);
                })
                .thenApply(info -> {
                    List<DlmsData> entries = info.asList().orElse(List.of());
                    if (!entries.isEmpty()) {
                        List<DlmsData> first = entries.get(0).asList().orElse(List.of());
                        if (first.size() == 3 && first.get(2).asBytes().isPresent()) {
                            values.put("imageSignature", HexFormat.of().withUpperCase().formatHex(first.get(2).asBytes().get()));
                        }
                    }
                    return values;
                });
    }

    /** One image_block_transfer after the other, numbered from 0. */
    private static CompletableFuture<Void> sendBlocks(SrvCall call, byte[] image, int blockSize, long from, long to) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (long n = from; n < to; n++) {
            long number = n;
            chain = chain.thenCompose(x -> sendBlock(call, image, blockSize, number));
        }
        return chain;
    }

    private static CompletableFuture<Void> sendBlock(SrvCall call, byte[] image, int blockSize, long number) {
        int offset = (int) (number * blockSize);
        byte[] block = java.util.Arrays.copyOfRange(image, offset, Math.min(image.length, offset + blockSize));
        return call.invoke(IMAGE, BLOCK_TRANSFER, DlmsData.structure(DlmsData.u32(number), DlmsData.octets(block)))
                .thenAccept(x -> { });
    }

    /**
     * The Blue Book process: the client reads image_first_not_transferred_block_number and sends what is missing.
     * One pass only; blocks still missing after it are the device's failure to keep them.
     */
    private static CompletableFuture<Void> resendMissing(SrvCall call, byte[] image, int blockSize, long blocks) {
        return firstNotTransferred(call).thenCompose(first -> {
            if (first >= blocks) {
                return CompletableFuture.completedFuture(null);
            }
            return sendBlocks(call, image, blockSize, first, blocks).thenCompose(x -> firstNotTransferred(call))
                    .thenAccept(again -> {
                        if (again < blocks) {
                            throw DeviceFailure.refused("other-reason", call.device().id() + " still reports block "
                                    + again + " of " + blocks + " not transferred after it was sent again");
                        }
                    });
        });
    }

    private static CompletableFuture<Long> firstNotTransferred(SrvCall call) {
        return call.read(IMAGE, FIRST_NOT_TRANSFERRED).thenApply(v -> v.asLong().orElseThrow(() ->
                call.wrongType(IMAGE + " image_first_not_transferred_block_number", "a number", v)));
    }

    private static CompletableFuture<Map<String, Object>> activateFirmware(SrvCall call) {
        Map<String, Object> values = new LinkedHashMap<>();
        return refusalWithStatus(call, call.invoke(IMAGE, ACTIVATE, DlmsData.i8(0)), "image_activate")
                .thenCompose(x -> call.read(IMAGE, STATUS))
                .thenCompose(status -> {
                    values.put("transferStatus", statusText(call, status));
                    return call.readValue(DeviceFunction.FIRMWARE_IDENTIFIER);
                })
                .thenApply(v -> {
                    values.put("firmwareVersion", v.asString().orElseGet(() -> new String(v.asBytes().orElseThrow(
                            () -> call.wrongType(DeviceFunction.FIRMWARE_IDENTIFIER, "an octet-string", v)),
                            StandardCharsets.US_ASCII)));
                    return values;
                });
    }

    /**
     * A refused image_verify or image_activate says little (other-reason): read image_transfer_status and make it
     * the refusal's device result, so a pack sees "image-verification-failed" rather than a bare other-reason.
     */
    private static CompletableFuture<Void> refusalWithStatus(SrvCall call, CompletableFuture<DlmsData> method,
                                                             String name) {
        return method.handle((v, error) -> error).thenCompose(error -> {
            if (error == null) {
                return CompletableFuture.completedFuture(null);
            }
            DeviceFailure refused = DeviceFailure.unwrap(error);
            if (refused == null || refused.deviceResult() == null) {
                return CompletableFuture.failedFuture(error);
            }
            return call.read(IMAGE, STATUS).thenApply(status -> {
                String text = statusText(call, status);
                throw DeviceFailure.refused(text.replace(' ', '-'), call.device().id() + " refused " + name + " ("
                        + refused.deviceResult() + "): image_transfer_status " + status.asLong().orElse(-1) + ", "
                        + text);
            });
        });
    }

    private static String statusText(SrvCall call, DlmsData status) {
        long s = status.asLong().orElseThrow(() -> call.wrongType(IMAGE + " image_transfer_status", "an enum", status));
        if (s < 0 || s >= STATUS_TEXT.size()) {
            throw call.wrongType(IMAGE + " image_transfer_status", "0..7", status);
        }
        return STATUS_TEXT.get((int) s);
    }

    private static byte[] image(SrvCall call) {
        String file = call.request().parameter("image");
        String hex = call.request().parameter("imageHex");
        if ((file == null) == (hex == null)) {
            throw new IllegalArgumentException("SRV 11.1 takes the image as exactly one of image (a file path) or"
                    + " imageHex");
        }
        if (hex != null) {
            try {
                return HexFormat.of().parseHex(hex.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("SRV 11.1 parameter imageHex is not an even number of hex digits");
            }
        }
        Path path = Path.of(file);
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("SRV 11.1 cannot read the image file " + path.toAbsolutePath() + ": " + e);
        }
    }
}
