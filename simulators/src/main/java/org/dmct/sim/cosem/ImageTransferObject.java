package org.dmct.sim.cosem;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.ActionResult;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.ObisCode;
import org.dmct.sim.device.DeviceEvent;
import org.dmct.sim.device.FirmwareImage;
import org.dmct.sim.device.RunningFirmware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interface class 18 "Image transfer" (version 0), as the Blue Book gives it: attributes 2 image_block_size,
 * 3 image_transferred_blocks_status, 4 image_first_not_transferred_block_number, 5 image_transfer_enabled (writable),
 * 6 image_transfer_status, 7 image_to_activate_info; methods 1 image_transfer_initiate(identifier, size),
 * 2 image_block_transfer(number, value), 3 image_verify, 4 image_activate. Verification checks the image is whole and
 * is a {@link FirmwareImage} for the initiated identifier whose payload has the declared SHA-256; a failure sets
 * status 4 (image verification failed) and answers other-reason. Activation of an image that is not verified is
 * refused (status 7, activation failed); activation of a verified one reboots the device into the image's firmware
 * identifier (status 6), which 11.2 then reads.
 */
public final class ImageTransferObject extends CosemObject {
    private static final Logger LOG = LoggerFactory.getLogger(ImageTransferObject.class);
    /** image_transfer_status values (Blue Book class 18 attribute 6). */
    public static final int NOT_INITIATED = 0;
    public static final int INITIATED = 1;
    public static final int VERIFICATION_INITIATED = 2;
    public static final int VERIFICATION_SUCCESSFUL = 3;
    public static final int VERIFICATION_FAILED = 4;
    public static final int ACTIVATION_INITIATED = 5;
    public static final int ACTIVATION_SUCCESSFUL = 6;
    public static final int ACTIVATION_FAILED = 7;
    /** The largest image the simulated device stores. */
    public static final int MAX_IMAGE_SIZE = 1 << 20;

    private final int blockSize;
    private final RunningFirmware firmware;
    private final Consumer<DeviceEvent> events;
    private final String deviceId;
    private boolean enabled = true;
    private int status = NOT_INITIATED;
    private String identifier;
    private byte[] image;
    private boolean[] received;
    private FirmwareImage.Verification verified;

    public ImageTransferObject(ObisCode logicalName, int blockSize, RunningFirmware firmware,
                               Consumer<DeviceEvent> events, String deviceId) {
        super(18, 0, logicalName);
        this.blockSize = blockSize;
        this.firmware = firmware;
        this.events = events;
        this.deviceId = deviceId;
    }

    @Override
    protected synchronized AttributeRead read(int attribute, SelectiveRead selective) {
        if (selective != null) {
            return AttributeRead.error(DataAccessResult.SCOPE_OF_ACCESS_VIOLATED);
        }
        return switch (attribute) {
            case 2 -> AttributeRead.of(DlmsData.u32(blockSize));
            case 3 -> AttributeRead.of(DlmsData.bits(received == null ? new boolean[0] : received));
            case 4 -> AttributeRead.of(DlmsData.u32(firstNotTransferred()));
            case 5 -> AttributeRead.of(DlmsData.bool(enabled));
            case 6 -> AttributeRead.of(DlmsData.enumValue(status));
            case 7 -> AttributeRead.of(toActivateInfo());
            default -> undefined();
        };
    }

    @Override
    protected synchronized DataAccessResult write(int attribute, DlmsData value) {
        if (attribute != 5) {
            return attribute >= 2 && attribute <= 7 ? DataAccessResult.READ_WRITE_DENIED : DataAccessResult.OBJECT_UNDEFINED;
        }
        if (value.asBoolean().isEmpty()) {
            return DataAccessResult.TYPE_UNMATCHED;
        }
        enabled = value.asBoolean().get();
        return DataAccessResult.SUCCESS;
    }

    @Override
    public MethodResult invoke(int method, DlmsData parameters) {
        DeviceEvent raised = null;
        MethodResult result;
        synchronized (this) {
            if (!enabled && method >= 1 && method <= 4) {
                LOG.debug("{}: image transfer is disabled; method {} refused", deviceId, method);
                return MethodResult.of(ActionResult.OTHER_REASON);
            }
            switch (method) {
                case 1 -> result = initiate(parameters);
                case 2 -> {
                    result = block(parameters);
                    if (result == MethodResult.SUCCESS && firstNotTransferred() == received.length) {
                        raised = DeviceEvent.FIRMWARE_TRANSFER_SUCCEEDED;
                    }
                }
                case 3 -> {
                    result = verify();
                    raised = status == VERIFICATION_SUCCESSFUL ? DeviceEvent.FIRMWARE_VERIFICATION_SUCCEEDED
                            : status == VERIFICATION_FAILED ? DeviceEvent.FIRMWARE_VERIFICATION_FAILED : null;
                }
                case 4 -> {
                    result = activate();
                    raised = status == ACTIVATION_SUCCESSFUL ? DeviceEvent.FIRMWARE_ACTIVATED : null;
                }
                default -> result = MethodResult.of(ActionResult.OBJECT_UNDEFINED);
            }
        }
        if (raised != null) {
            // outside the lock: delivery goes to the connections' event loops
            events.accept(raised);
        }
        return result;
    }

    private MethodResult initiate(DlmsData parameters) {
        List<DlmsData> p = parameters == null ? null : parameters.asList().orElse(null);
        if (p == null || p.size() != 2 || p.get(0).asBytes().isEmpty() || p.get(1).asLong().isEmpty()) {
            return MethodResult.of(ActionResult.TYPE_UNMATCHED);
        }
        long size = p.get(1).asLong().getAsLong();
        byte[] id = p.get(0).asBytes().get();
        if (size < 1 || size > MAX_IMAGE_SIZE || id.length == 0) {
            LOG.debug("{}: image_transfer_initiate refused: size {} (1..{}), identifier of {} bytes", deviceId, size,
                    MAX_IMAGE_SIZE, id.length);
            return MethodResult.of(ActionResult.OTHER_REASON);
        }
        identifier = new String(id, StandardCharsets.US_ASCII);
        image = new byte[(int) size];
        received = new boolean[(int) ((size + blockSize - 1) / blockSize)];
        verified = null;
        status = INITIATED;
        return MethodResult.SUCCESS;
    }

    private MethodResult block(DlmsData parameters) {
        if (status != INITIATED) {
            return MethodResult.of(ActionResult.OTHER_REASON);
        }
        List<DlmsData> p = parameters == null ? null : parameters.asList().orElse(null);
        if (p == null || p.size() != 2 || p.get(0).asLong().isEmpty() || p.get(1).asBytes().isEmpty()) {
            return MethodResult.of(ActionResult.TYPE_UNMATCHED);
        }
        long number = p.get(0).asLong().getAsLong();
        byte[] value = p.get(1).asBytes().get();
        if (number < 0 || number >= received.length) {
            return MethodResult.of(ActionResult.OTHER_REASON);
        }
        int offset = (int) number * blockSize;
        int expected = Math.min(blockSize, image.length - offset);
        if (value.length != expected) {
            LOG.debug("{}: block {} has {} bytes where {} were expected", deviceId, number, value.length, expected);
            return MethodResult.of(ActionResult.OTHER_REASON);
        }
        System.arraycopy(value, 0, image, offset, expected);
        received[(int) number] = true;
        return MethodResult.SUCCESS;
    }

    private MethodResult verify() {
        if (status == NOT_INITIATED) {
            return MethodResult.of(ActionResult.OTHER_REASON);
        }
        if (status == VERIFICATION_SUCCESSFUL) {
            return MethodResult.SUCCESS;
        }
        status = VERIFICATION_INITIATED;
        if (firstNotTransferred() < received.length) {
            verified = null;
            status = VERIFICATION_FAILED;
            LOG.info("{}: image verification failed: block {} of {} never arrived", deviceId, firstNotTransferred(),
                    received.length);
            return MethodResult.of(ActionResult.OTHER_REASON);
        }
        FirmwareImage.Verification v = FirmwareImage.verify(image, identifier);
        if (!v.verified()) {
            verified = null;
            status = VERIFICATION_FAILED;
            LOG.info("{}: image verification failed: {}", deviceId, v.failure());
            return MethodResult.of(ActionResult.OTHER_REASON);
        }
        verified = v;
        status = VERIFICATION_SUCCESSFUL;
        return MethodResult.SUCCESS;
    }

    private MethodResult activate() {
        if (status != VERIFICATION_SUCCESSFUL || verified == null) {
            if (status != NOT_INITIATED) {
                status = ACTIVATION_FAILED;
            }
            LOG.info("{}: image activation refused: the image is not verified", deviceId);
            return MethodResult.of(ActionResult.OTHER_REASON);
        }
        status = ACTIVATION_INITIATED;
        firmware.rebootInto(verified.identifier());
        status = ACTIVATION_SUCCESSFUL;
        LOG.info("{}: rebooted into firmware {}", deviceId, verified.identifier());
        return MethodResult.SUCCESS;
    }

    private long firstNotTransferred() {
        if (received == null) {
            return 0;
        }
        for (int i = 0; i < received.length; i++) {
            if (!received[i]) {
                return i;
            }
        }
        return received.length;
    }

    private DlmsData toActivateInfo() {
        if (verified == null) {
            return DlmsData.array();
        }
        return DlmsData.array(DlmsData.structure(DlmsData.u32(image.length),
                DlmsData.octets(verified.identifier().getBytes(StandardCharsets.US_ASCII)),
                DlmsData.octets(verified.hash())));
    }

    @Override
    public int attributeCount() {
        return 7;
    }

    @Override
    public int methodCount() {
        return 4;
    }
}
