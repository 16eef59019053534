package org.dmct.adapters.dlms.internal;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.model.ServiceRequest;
import org.dmct.core.profile.CosemObjectRef;
import org.dmct.dlms.apdu.ActionResponse;
import org.dmct.dlms.apdu.GetDataResult;
import org.dmct.dlms.apdu.SelectiveAccess;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.ActionResult;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.MethodDescriptor;
import org.dmct.dlms.cosem.ObisCode;

/**
 * What an SRV mapping works with while it serves one request: the request, the DMC and target device, the
 * association to the device, and operations by function name that resolve through the device's profile and turn a
 * device's error result into a refusal. Keeps the mappings free of protocol plumbing.
 */
public final class SrvCall {
    private final ServiceRequest request;
    private final LabDmc dmc;
    private final LabDevice device;
    private final DlmsAssociation association;
    private final Instant sentAt;
    private final java.time.Clock clock;
    private org.dmct.core.spi.SecretResolver secrets = org.dmct.core.spi.SecretResolver.ENVIRONMENT;
    private CurrentCredentials credentials = new CurrentCredentials(id -> { });
    private DccInventory inventory = new DccInventory();

    public SrvCall(ServiceRequest request, LabDmc dmc, LabDevice device, DlmsAssociation association, java.time.Clock clock) {
        this.request = request;
        this.dmc = dmc;
        this.device = device;
        this.association = association;
        this.clock = clock;
        this.sentAt = clock.instant();
    }

    /** Gives the call the adapter's secret resolver and key indirection (6.15.1 needs both). */
    public SrvCall withCredentials(org.dmct.core.spi.SecretResolver resolver, CurrentCredentials current) {
        this.secrets = java.util.Objects.requireNonNull(resolver, "resolver");
        this.credentials = java.util.Objects.requireNonNull(current, "current");
        return this;
    }

    /** Gives the call the adapter's record of what the DCC inventory learnt (8.1.1 writes it, 8.2 reads it). */
    public SrvCall withInventory(DccInventory adapterInventory) {
        this.inventory = java.util.Objects.requireNonNull(adapterInventory, "adapterInventory");
        return this;
    }

    /** The adapter's record of devices commissioned through it. */
    public DccInventory inventory() {
        return inventory;
    }

    /** Resolves key references named by a request; bytes from it are wiped after use, never logged. */
    public org.dmct.core.spi.SecretResolver secrets() {
        return secrets;
    }

    /** The device's keys as they are now (replaced by 6.15.1, or as the lab declares them). */
    public CurrentCredentials credentials() {
        return credentials;
    }

    public ServiceRequest request() {
        return request;
    }

    public LabDmc dmc() {
        return dmc;
    }

    public LabDevice device() {
        return device;
    }

    public Instant sentAt() {
        return sentAt;
    }

    public java.time.Clock clock() {
        return clock;
    }

    /** The object serving a function on this model; a profile without it cannot serve the SRV (a profile error). */
    public CosemObjectRef object(String function) {
        return device.profile().function(function).orElseThrow(() -> new IllegalStateException(
                "profile " + device.profile().id() + " (" + device.profile().source() + ") supports SRV "
                        + request.srv() + " but has no '" + function + "' in its functions"));
    }

    public boolean has(String function) {
        return device.profile().function(function).isPresent();
    }

    public static AttributeDescriptor attribute(CosemObjectRef ref, int attribute) {
        return new AttributeDescriptor(ref.classId(), ObisCode.parse(ref.obis()), attribute);
    }

    /** Reads a function's attribute; a device error result fails the call as a refusal naming the object. */
    public CompletableFuture<DlmsData> read(String function, int attribute) {
        return read(function, attribute, null);
    }

    public CompletableFuture<DlmsData> read(String function, int attribute, SelectiveAccess access) {
        AttributeDescriptor a = attribute(object(function), attribute);
        return association.get(request.requestId(), a, access).thenApply(r -> dataOf(r, function, a));
    }

    /** Reads a function's value attribute (as the profile gives it). */
    public CompletableFuture<DlmsData> readValue(String function) {
        return read(function, object(function).attribute());
    }

    public CompletableFuture<Void> write(String function, int attribute, DlmsData value) {
        AttributeDescriptor a = attribute(object(function), attribute);
        return association.set(request.requestId(), a, value).thenAccept(result -> {
            if (result != DataAccessResult.SUCCESS) {
                throw DeviceFailure.refused(result.dlmsName(), device.id() + " refused SET " + function + " ("
                        + a.instance() + " attribute " + a.attributeId() + ") = " + show(value) + ": " + result.dlmsName());
            }
        });
    }

    public CompletableFuture<DlmsData> invoke(String function, int method, DlmsData parameters) {
        CosemObjectRef ref = object(function);
        MethodDescriptor m = new MethodDescriptor(ref.classId(), ObisCode.parse(ref.obis()), method);
        return association.action(request.requestId(), m, parameters).thenApply(r -> returned(r, function, m));
    }

    private DlmsData dataOf(GetDataResult r, String function, AttributeDescriptor a) {
        if (r.isSuccess()) {
            return r.data();
        }
        throw DeviceFailure.refused(r.error().dlmsName(), device.id() + " refused GET " + function + " ("
                + a.instance() + " attribute " + a.attributeId() + "): " + r.error().dlmsName());
    }

    private DlmsData returned(ActionResponse.Normal r, String function, MethodDescriptor m) {
        if (r.result() != ActionResult.SUCCESS) {
            throw DeviceFailure.refused(r.result().dlmsName(), device.id() + " refused ACTION " + function + " ("
                    + m.instance() + " method " + m.methodId() + "): " + r.result().dlmsName());
        }
        if (r.returnParameters() == null) {
            return DlmsData.nullData();
        }
        if (!r.returnParameters().isSuccess()) {
            throw DeviceFailure.refused(r.returnParameters().error().dlmsName(), device.id() + " ACTION " + function
                    + " returned an error: " + r.returnParameters().error().dlmsName());
        }
        return r.returnParameters().data();
    }

    /** A value of the wrong type is the device's fault: report it with the type found. */
    public DeviceFailure wrongType(String function, String expected, DlmsData found) {
        return DeviceFailure.cannotCommunicate(device.id() + " answered " + function + " with " + show(found)
                + " where " + expected + " was expected");
    }

    /** A value as a lab engineer reads it in a message: its A-XDR type name and value, e.g. {@code enum 4}. */
    static String show(DlmsData value) {
        String type = value.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        if (value.asLong().isPresent()) {
            return type + " " + value.asLong().getAsLong();
        }
        if (value.asString().isPresent()) {
            return type + " \"" + value.asString().get() + "\"";
        }
        if (value.asBytes().isPresent()) {
            return type + " " + java.util.HexFormat.of().withUpperCase().formatHex(value.asBytes().get());
        }
        if (value.asBoolean().isPresent()) {
            return type + " " + value.asBoolean().get();
        }
        return value.toString();
    }
}
