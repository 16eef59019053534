package org.dmct.sim.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.time.Duration;
import org.dmct.core.config.SecretRef;
import org.dmct.core.profile.ProtocolSettings;
import org.dmct.core.spi.SecretResolver;
import org.dmct.dlms.apdu.AareApdu;
import org.dmct.dlms.apdu.AarqApdu;
import org.dmct.dlms.apdu.AcseServiceUserDiagnostic;
import org.dmct.dlms.apdu.ActionRequest;
import org.dmct.dlms.apdu.ActionResponse;
import org.dmct.dlms.apdu.ActionResponseWithOptionalData;
import org.dmct.dlms.apdu.Apdu;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.ApduDecodeResult;
import org.dmct.dlms.apdu.ApplicationContextName;
import org.dmct.dlms.apdu.AssociationResult;
import org.dmct.dlms.apdu.AttributeRequest;
import org.dmct.dlms.apdu.AuthenticationMechanism;
import org.dmct.dlms.apdu.Conformance;
import org.dmct.dlms.apdu.ConfirmedServiceError;
import org.dmct.dlms.apdu.ConformanceBit;
import org.dmct.dlms.apdu.ExceptionResponse;
import org.dmct.dlms.apdu.GetBlockSplitter;
import org.dmct.dlms.apdu.GetDataResult;
import org.dmct.dlms.apdu.GetRequest;
import org.dmct.dlms.apdu.GetResponse;
import org.dmct.dlms.apdu.InitiateRequest;
import org.dmct.dlms.apdu.InitiateResponse;
import org.dmct.dlms.apdu.InvokeIdAndPriority;
import org.dmct.dlms.apdu.ResultSourceDiagnostic;
import org.dmct.dlms.apdu.RlreApdu;
import org.dmct.dlms.apdu.RlrqApdu;
import org.dmct.dlms.apdu.SelectiveAccess;
import org.dmct.dlms.apdu.ServiceError;
import org.dmct.dlms.apdu.SetRequest;
import org.dmct.dlms.apdu.SetResponse;
import org.dmct.dlms.apdu.StateError;
import org.dmct.dlms.apdu.ActionParameterAssembler;
import org.dmct.dlms.apdu.SetBlockAssembler;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.ActionResult;
import org.dmct.dlms.cosem.ObisCode;
import org.dmct.dlms.security.DecipherResult;
import org.dmct.dlms.security.HlsVerification;
import org.dmct.dlms.security.SecuredAcse;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.sim.cosem.CosemObject.AttributeRead;
import org.dmct.sim.cosem.CosemObject.MethodResult;
import org.dmct.sim.cosem.CosemObject.SelectiveRead;
import org.dmct.sim.device.SimulatedDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DLMS server of one connection to a simulated installation, independent of the framing that carries it: each
 * APDU addressed to a logical device is served by that device, with one association per client/logical-device pair,
 * as a DLMS gateway hub does. It negotiates AARQ/AARE (lowest or low-level security per the device's profile, or
 * HLS-GMAC/HLS-ECDSA with ciphering, see {@link ServerSecurity}, plus the public client that reads a secured device's
 * frame counter), serves GET (normal, with list, and in data blocks when the answer exceeds what the client can
 * receive), SET and ACTION (normal, with list, and with their parameters in blocks) and release. The with-list forms are served only when the association negotiated
 * multiple-references. The framing handlers (wrapper, HDLC) hand it APDUs and send what it answers after the
 * device's response delay.
 */
public final class AssociationServer {
    private static final Logger LOG = LoggerFactory.getLogger(AssociationServer.class);
    /** What the simulated devices implement; the negotiated set is this and what the client proposes. */
    static final Conformance SUPPORTED = Conformance.of(ConformanceBit.GET, ConformanceBit.SET, ConformanceBit.ACTION,
            ConformanceBit.SELECTIVE_ACCESS, ConformanceBit.BLOCK_TRANSFER_WITH_GET_OR_READ,
            ConformanceBit.BLOCK_TRANSFER_WITH_SET_OR_WRITE, ConformanceBit.BLOCK_TRANSFER_WITH_ACTION,
            ConformanceBit.MULTIPLE_REFERENCES);
    private static final int DLMS_VERSION = 6;

    private final Map<Integer, SimulatedDevice> devicesByAddress;
    private final SecretResolver secrets;
    private final Map<Integer, Association> associations = new HashMap<>();
    /**
     * The plain answer encoded while it was served (a GET's answer is encoded to see whether it needs blocks) and
     * its bytes, so that sending or ciphering it does not encode it again; taken once by {@link #encode}.
     */
    private Apdu encodedAnswer;
    private byte[] encodedAnswerBytes;

    public AssociationServer(Map<Integer, SimulatedDevice> devicesByAddress, SecretResolver secrets) {
        this.devicesByAddress = devicesByAddress;
        this.secrets = secrets;
    }

    /** True when the installation has this logical device. */
    public boolean serves(int logicalDevice) {
        return devicesByAddress.containsKey(logicalDevice);
    }

    /** How long the device waits before it answers. */
    public Duration responseDelay(int logicalDevice) {
        SimulatedDevice device = devicesByAddress.get(logicalDevice);
        return device == null ? Duration.ZERO : device.responseDelay();
    }

    /**
     * Serves one received APDU (or a failure to decode one) from a client to a logical device; returns the answer,
     * or null when there is none to send (no such logical device).
     */
    public Apdu serve(int client, int logicalDevice, ApduDecodeResult decoded) {
        encodedAnswer = null;
        encodedAnswerBytes = null;
        SimulatedDevice device = devicesByAddress.get(logicalDevice);
        if (device == null) {
            LOG.debug("APDU for logical device {} which this installation does not have; ignored", logicalDevice);
            return null;
        }
        if (decoded.isFailure()) {
            return new ExceptionResponse(StateError.SERVICE_NOT_ALLOWED, ServiceError.OTHER_REASON, null);
        }
        return serve(device, client, decoded.apdu());
    }

    /**
     * The bytes of an answer {@link #serve} returned: those it already encoded while serving it when there are
     * some (handed over once), otherwise a fresh encoding.
     */
    public byte[] encode(Apdu answer) {
        byte[] bytes = answer == encodedAnswer ? encodedAnswerBytes : null;
        encodedAnswer = null;
        encodedAnswerBytes = null;
        return bytes != null ? bytes : ApduCodec.encode(answer);
    }

    /** Forgets every association, as a device does when its link is disconnected. */
    public void dropAssociations() {
        associations.clear();
    }

    /** Forgets the association of one client and logical device (an HDLC disconnect of that link). */
    public void dropAssociation(int client, int logicalDevice) {
        associations.remove(key(client, logicalDevice));
    }

    /** The clients that have an association open with a logical device on this connection (for its alerts). */
    public List<Integer> associatedClients(int logicalDevice) {
        List<Integer> clients = new ArrayList<>();
        for (Association a : associations.values()) {
            if (a.serverWPort == logicalDevice && a.authenticated) {
                clients.add(a.clientWPort);
            }
        }
        return clients;
    }

    /**
     * A notification as the device sends it to one associated client: ciphered with that association's keys on a
     * secured association (glo-event-notification, or general-glo for a data-notification), plain otherwise.
     */
    public byte[] notificationFor(int client, int logicalDevice, Apdu notification) {
        Association a = associations.get(key(client, logicalDevice));
        if (a == null || a.security == null) {
            return ApduCodec.encode(notification);
        }
        return ApduCodec.encode(a.security.protect(notification));
    }

    private static int key(int client, int server) {
        return (client << 16) | server;
    }

    private Apdu serve(SimulatedDevice device, int client, Apdu request) {
        int key = key(client, device.logicalDevice());
        if (request instanceof AarqApdu aarq) {
            return associate(device, client, aarq);
        }
        if (request instanceof RlrqApdu) {
            associations.remove(key);
            return new RlreApdu(RlreApdu.NORMAL, null);
        }
        Association association = associations.get(key);
        if (association == null) {
            return new ExceptionResponse(StateError.SERVICE_NOT_ALLOWED, ServiceError.OPERATION_NOT_POSSIBLE, null);
        }
        if (association.security != null) {
            return serveSecured(device, client, key, association, request);
        }
        return servePlain(device, association, request);
    }

    /**
     * A request on a secured association: deciphered first; a request that does not decipher (wrong key, altered,
     * replayed or stale counter, or not ciphered at all) gets no answer and aborts the association, as a meter does.
     * Until the client has answered the HLS challenge only reply_to_HLS_authentication is served. Answers are
     * ciphered.
     */
    private Apdu serveSecured(SimulatedDevice device, int client, int key, Association association, Apdu request) {
        DecipherResult opened = association.security.open(request);
        if (!opened.isSuccess()) {
            LOG.debug("{}: refused a request from client {}: {}: {}; association aborted", device.id(), client,
                    opened.failure().orElseThrow(), opened.message().orElseThrow());
            associations.remove(key);
            return null;
        }
        Apdu plain = opened.apdu();
        Apdu answer;
        if (association.authenticated) {
            answer = servePlain(device, association, plain);
        } else if (plain instanceof ActionRequest action) {
            HlsVerification proof = association.security.checkReply(action);
            if (proof.verified()) {
                association.authenticated = true;
                answer = association.security.hlsResponse(action);
            } else {
                LOG.debug("{}: HLS authentication of client {} failed: {}; association not established", device.id(),
                        client, proof.reason());
                associations.remove(key);
                answer = new ActionResponse.Normal(action.invokeIdAndPriority(), ActionResult.OTHER_REASON, null);
            }
        } else {
            answer = new ExceptionResponse(StateError.SERVICE_NOT_ALLOWED, ServiceError.OPERATION_NOT_POSSIBLE, null);
        }
        return answer == null ? null : association.security.protect(encode(answer));
    }

    private Apdu servePlain(SimulatedDevice device, Association association, Apdu request) {
        if (request instanceof GetRequest get) {
            return serveGet(device, association, get);
        }
        if (request instanceof SetRequest.Normal set) {
            if (!association.conformance.contains(ConformanceBit.SET)) {
                return notSupported();
            }
            return new SetResponse.Normal(set.invokeIdAndPriority(),
                    write(device, set.attribute(), set.selectiveAccess(), set.value()));
        }
        if (request instanceof SetRequest.WithList set) {
            if (!association.conformance.contains(ConformanceBit.SET)
                    || !association.conformance.contains(ConformanceBit.MULTIPLE_REFERENCES)) {
                return notSupported();
            }
            List<DataAccessResult> results = new ArrayList<>(set.attributes().size());
            for (int i = 0; i < set.attributes().size(); i++) {
                AttributeRequest r = set.attributes().get(i);
                results.add(write(device, r.attribute(), r.selectiveAccess(), set.values().get(i)));
            }
            return new SetResponse.WithList(set.invokeIdAndPriority(), results);
        }
        if (request instanceof ActionRequest.Normal action) {
            if (!association.conformance.contains(ConformanceBit.ACTION)) {
                return notSupported();
            }
            MethodResult result = device.invoke(action.method(), action.parameters());
            return new ActionResponse.Normal(action.invokeIdAndPriority(), result.result(), returned(result));
        }
        if (request instanceof ActionRequest.WithList action) {
            if (!association.conformance.contains(ConformanceBit.ACTION)
                    || !association.conformance.contains(ConformanceBit.MULTIPLE_REFERENCES)) {
                return notSupported();
            }
            List<ActionResponseWithOptionalData> results = new ArrayList<>(action.methods().size());
            for (int i = 0; i < action.methods().size(); i++) {
                MethodResult result = device.invoke(action.methods().get(i), action.parameters().get(i));
                results.add(new ActionResponseWithOptionalData(result.result(), returned(result)));
            }
            return new ActionResponse.WithList(action.invokeIdAndPriority(), results);
        }
        if (request instanceof SetRequest.WithFirstDataBlock || request instanceof SetRequest.WithDataBlock) {
            return serveSetBlock(device, association, (SetRequest) request);
        }
        if (request instanceof ActionRequest.WithFirstPblock || request instanceof ActionRequest.WithPblock) {
            return serveActionBlock(device, association, (ActionRequest) request);
        }
        return new ExceptionResponse(StateError.SERVICE_UNKNOWN, ServiceError.SERVICE_NOT_SUPPORTED, null);
    }

    private Apdu serveSetBlock(SimulatedDevice device, Association association, SetRequest request) {
        if (!association.conformance.contains(ConformanceBit.BLOCK_TRANSFER_WITH_SET_OR_WRITE)) {
            return notSupported();
        }
        if (request instanceof SetRequest.WithFirstDataBlock) {
            association.setTransfer = new SetBlockAssembler();
        } else if (association.setTransfer == null) {
            return new SetResponse.LastBlock(request.invokeIdAndPriority(), DataAccessResult.NO_LONG_SET_IN_PROGRESS,
                    ((SetRequest.WithDataBlock) request).block().blockNumber());
        }
        SetBlockAssembler.Step step = association.setTransfer.accept(request);
        if (step instanceof SetBlockAssembler.Acknowledge ack) {
            return ack.response();
        }
        association.setTransfer = null;
        if (step instanceof SetBlockAssembler.Complete complete) {
            return complete.response(write(device, complete.attribute(), complete.selectiveAccess(), complete.value()));
        }
        SetBlockAssembler.Refused refused = (SetBlockAssembler.Refused) step;
        LOG.debug("{}: SET block transfer refused: {}", device.id(), refused.reason());
        return refused.response();
    }

    private Apdu serveActionBlock(SimulatedDevice device, Association association, ActionRequest request) {
        if (!association.conformance.contains(ConformanceBit.BLOCK_TRANSFER_WITH_ACTION)) {
            return notSupported();
        }
        if (request instanceof ActionRequest.WithFirstPblock) {
            association.actionTransfer = new ActionParameterAssembler();
        } else if (association.actionTransfer == null) {
            return new ActionResponse.Normal(request.invokeIdAndPriority(), ActionResult.NO_LONG_ACTION_IN_PROGRESS,
                    null);
        }
        ActionParameterAssembler.Step step = association.actionTransfer.accept(request);
        if (step instanceof ActionParameterAssembler.Acknowledge ack) {
            return ack.response();
        }
        association.actionTransfer = null;
        if (step instanceof ActionParameterAssembler.Complete complete) {
            MethodResult result = device.invoke(complete.method(), complete.parameters());
            return new ActionResponse.Normal(complete.invokeIdAndPriority(), result.result(), returned(result));
        }
        ActionParameterAssembler.Refused refused = (ActionParameterAssembler.Refused) step;
        LOG.debug("{}: ACTION block transfer refused: {}", device.id(), refused.reason());
        return refused.response();
    }

    /** The answer to a service, or a form of it, that the association did not negotiate. */
    private static ExceptionResponse notSupported() {
        return new ExceptionResponse(StateError.SERVICE_NOT_ALLOWED, ServiceError.SERVICE_NOT_SUPPORTED, null);
    }

    private static DataAccessResult write(SimulatedDevice device, org.dmct.dlms.cosem.AttributeDescriptor attribute,
                                          SelectiveAccess access, DlmsData value) {
        return access != null ? DataAccessResult.SCOPE_OF_ACCESS_VIOLATED : device.set(attribute, value);
    }

    private static GetDataResult returned(MethodResult result) {
        return result.returned() == null ? null : GetDataResult.of(result.returned());
    }

    private Apdu associate(SimulatedDevice device, int client, AarqApdu aarq) {
        ProtocolSettings protocol = device.profile().protocol();
        ApplicationContextName context = aarq.applicationContextName();
        if (protocol.secured()) {
            if (client == ProtocolSettings.PUBLIC_CLIENT) {
                return associatePublicClient(device, client, aarq);
            }
            return associateSecured(device, client, aarq);
        }
        if (context != ApplicationContextName.LN_NO_CIPHERING) {
            return reject(context, AcseServiceUserDiagnostic.APPLICATION_CONTEXT_NAME_NOT_SUPPORTED);
        }
        if (client != protocol.clientAddress()) {
            return reject(context, AcseServiceUserDiagnostic.NO_REASON_GIVEN);
        }
        AuthenticationMechanism mechanism = aarq.mechanismName();
        if (protocol.authentication() == ProtocolSettings.Authentication.LOW) {
            if (mechanism != AuthenticationMechanism.LOW) {
                return reject(context, AcseServiceUserDiagnostic.AUTHENTICATION_REQUIRED);
            }
            if (!passwordMatches(protocol.password(), aarq.callingAuthenticationValue())) {
                return reject(context, AcseServiceUserDiagnostic.AUTHENTICATION_FAILURE);
            }
        } else if (mechanism != null && mechanism != AuthenticationMechanism.LOWEST) {
            return reject(context, AcseServiceUserDiagnostic.AUTHENTICATION_MECHANISM_NAME_NOT_RECOGNISED);
        }
        InitiateRequest initiate = aarq.userInformation();
        if (initiate == null) {
            return reject(context, AcseServiceUserDiagnostic.NO_REASON_GIVEN);
        }
        if (initiate.proposedDlmsVersion() < DLMS_VERSION) {
            return AareApdu.rejected(context, AssociationResult.REJECTED_PERMANENT,
                    ResultSourceDiagnostic.user(AcseServiceUserDiagnostic.NO_REASON_GIVEN),
                    ConfirmedServiceError.initiateError(ConfirmedServiceError.INITIATE_DLMS_VERSION_TOO_LOW));
        }
        Conformance negotiated = initiate.proposedConformance().intersect(SUPPORTED);
        if (negotiated.bits().isEmpty()) {
            return AareApdu.rejected(context, AssociationResult.REJECTED_PERMANENT,
                    ResultSourceDiagnostic.user(AcseServiceUserDiagnostic.NO_REASON_GIVEN),
                    ConfirmedServiceError.initiateError(ConfirmedServiceError.INITIATE_INCOMPATIBLE_CONFORMANCE));
        }
        int clientMax = initiate.clientMaxReceivePduSize() == 0 ? 0xFFFF : initiate.clientMaxReceivePduSize();
        // A meter's own APDU buffer bounds what it sends too: answers longer than either limit go in blocks.
        int sendLimit = Math.min(clientMax, protocol.maxPduSize());
        associations.put(key(client, device.logicalDevice()),
                new Association(client, device.logicalDevice(), negotiated, sendLimit));
        return AareApdu.accepted(context, InitiateResponse.of(negotiated, protocol.maxPduSize()));
    }

    /**
     * The public client of a secured device: lowest level security, GET only, and only the objects a meter shows
     * anyone: its logical device name and the frame counter a client reads before a secured association.
     */
    private Apdu associatePublicClient(SimulatedDevice device, int client, AarqApdu aarq) {
        ApplicationContextName context = aarq.applicationContextName();
        if (context != ApplicationContextName.LN_NO_CIPHERING) {
            return reject(context, AcseServiceUserDiagnostic.APPLICATION_CONTEXT_NAME_NOT_SUPPORTED);
        }
        if (aarq.mechanismName() != null && aarq.mechanismName() != AuthenticationMechanism.LOWEST) {
            return reject(context, AcseServiceUserDiagnostic.AUTHENTICATION_MECHANISM_NAME_NOT_RECOGNISED);
        }
        InitiateRequest initiate = aarq.userInformation();
        if (initiate == null || initiate.proposedDlmsVersion() < DLMS_VERSION) {
            return reject(context, AcseServiceUserDiagnostic.NO_REASON_GIVEN);
        }
        Conformance negotiated = initiate.proposedConformance().intersect(Conformance.of(ConformanceBit.GET));
        if (negotiated.bits().isEmpty()) {
            return AareApdu.rejected(context, AssociationResult.REJECTED_PERMANENT,
                    ResultSourceDiagnostic.user(AcseServiceUserDiagnostic.NO_REASON_GIVEN),
                    ConfirmedServiceError.initiateError(ConfirmedServiceError.INITIATE_INCOMPATIBLE_CONFORMANCE));
        }
        int maxPdu = device.profile().protocol().maxPduSize();
        int clientMax = initiate.clientMaxReceivePduSize() == 0 ? 0xFFFF : initiate.clientMaxReceivePduSize();
        Set<ObisCode> readable = Set.of(SimulatedDevice.LOGICAL_DEVICE_NAME, device.frameCounterObject().orElseThrow());
        associations.put(key(client, device.logicalDevice()), new Association(client, device.logicalDevice(),
                negotiated, Math.min(clientMax, maxPdu), null, readable));
        return AareApdu.accepted(context, InitiateResponse.of(negotiated, maxPdu));
    }

    /** HLS-GMAC or HLS-ECDSA with the keys the lab gives the device: AARQ read and deciphered, AARE pending HLS. */
    private Apdu associateSecured(SimulatedDevice device, int client, AarqApdu aarq) {
        ProtocolSettings protocol = device.profile().protocol();
        ApplicationContextName context = aarq.applicationContextName();
        if (context != ApplicationContextName.LN_CIPHERING) {
            return reject(context, AcseServiceUserDiagnostic.APPLICATION_CONTEXT_NAME_NOT_SUPPORTED);
        }
        if (client != protocol.clientAddress()) {
            return reject(context, AcseServiceUserDiagnostic.NO_REASON_GIVEN);
        }
        ServerSecurity security;
        try {
            security = ServerSecurity.open(device, secrets);
        } catch (IllegalStateException | IllegalArgumentException e) {
            LOG.warn("simulated device {} cannot open a secured association: {}", device.id(), e.getMessage());
            return reject(context, AcseServiceUserDiagnostic.NO_REASON_GIVEN);
        }
        if (aarq.mechanismName() == null) {
            return reject(context, AcseServiceUserDiagnostic.AUTHENTICATION_MECHANISM_NAME_REQUIRED);
        }
        if (aarq.mechanismName() != security.mechanism()) {
            return reject(context, AcseServiceUserDiagnostic.AUTHENTICATION_MECHANISM_NAME_NOT_RECOGNISED);
        }
        byte[] title = aarq.callingApTitle();
        if (title == null || !java.util.Arrays.equals(title, security.expectedClient().bytes())) {
            LOG.debug("{}: AARQ from an unknown system title; refused", device.id());
            return reject(context, AcseServiceUserDiagnostic.CALLING_AP_TITLE_NOT_RECOGNIZED);
        }
        SecuredAcse.AarqReading reading = security.readAarq(aarq);
        if (!reading.isSuccess()) {
            LOG.debug("{}: refused the AARQ of client {}: {}", device.id(), client, reading.failure());
            return reject(context, AcseServiceUserDiagnostic.AUTHENTICATION_FAILURE);
        }
        InitiateRequest initiate = reading.initiateRequest();
        if (initiate.proposedDlmsVersion() < DLMS_VERSION) {
            return AareApdu.rejected(context, AssociationResult.REJECTED_PERMANENT,
                    ResultSourceDiagnostic.user(AcseServiceUserDiagnostic.NO_REASON_GIVEN),
                    ConfirmedServiceError.initiateError(ConfirmedServiceError.INITIATE_DLMS_VERSION_TOO_LOW));
        }
        Conformance negotiated = initiate.proposedConformance().intersect(SUPPORTED);
        if (negotiated.bits().isEmpty()) {
            return AareApdu.rejected(context, AssociationResult.REJECTED_PERMANENT,
                    ResultSourceDiagnostic.user(AcseServiceUserDiagnostic.NO_REASON_GIVEN),
                    ConfirmedServiceError.initiateError(ConfirmedServiceError.INITIATE_INCOMPATIBLE_CONFORMANCE));
        }
        int clientMax = initiate.clientMaxReceivePduSize() == 0 ? 0xFFFF : initiate.clientMaxReceivePduSize();
        // ciphering wraps every answer, so the plain APDU must leave room for it within the limit
        int sendLimit = Math.min(clientMax, protocol.maxPduSize()) - ServerSecurity.CIPHERING_OVERHEAD;
        associations.put(key(client, device.logicalDevice()),
                new Association(client, device.logicalDevice(), negotiated, sendLimit, security, null));
        return security.aare(InitiateResponse.of(negotiated, protocol.maxPduSize()));
    }

    private boolean passwordMatches(SecretRef ref, byte[] offered) {
        if (ref == null || offered == null) {
            return false;
        }
        try {
            return java.security.MessageDigest.isEqual(secrets.resolve(ref), offered);
        } catch (IllegalStateException e) {
            LOG.warn("simulated device cannot check a password: {}", e.getMessage());
            return false;
        }
    }

    private static AareApdu reject(ApplicationContextName context, AcseServiceUserDiagnostic why) {
        return AareApdu.rejected(context, AssociationResult.REJECTED_PERMANENT, ResultSourceDiagnostic.user(why), null);
    }

    private Apdu serveGet(SimulatedDevice device, Association association, GetRequest get) {
        if (!association.conformance.contains(ConformanceBit.GET)) {
            return notSupported();
        }
        if (get instanceof GetRequest.Next next) {
            GetBlockSplitter splitter = association.blockTransfer;
            if (splitter == null) {
                return new GetResponse.Normal(next.invokeIdAndPriority(),
                        GetDataResult.error(DataAccessResult.NO_LONG_GET_IN_PROGRESS));
            }
            GetResponse.WithDataBlock block = splitter.respondTo(next);
            if (splitter.isComplete() || block.error() != null) {
                association.blockTransfer = null;
            }
            return block;
        }
        association.blockTransfer = null;
        GetResponse response;
        InvokeIdAndPriority iip = get.invokeIdAndPriority();
        if (get instanceof GetRequest.Normal normal) {
            if (normal.selectiveAccess() != null && !association.conformance.contains(ConformanceBit.SELECTIVE_ACCESS)) {
                response = new GetResponse.Normal(iip, GetDataResult.error(DataAccessResult.SCOPE_OF_ACCESS_VIOLATED));
            } else {
                response = new GetResponse.Normal(iip, read(device, association, normal.attribute(),
                        normal.selectiveAccess()));
            }
        } else {
            GetRequest.WithList list = (GetRequest.WithList) get;
            if (!association.conformance.contains(ConformanceBit.MULTIPLE_REFERENCES)) {
                return notSupported();
            }
            List<GetDataResult> results = new ArrayList<>();
            for (AttributeRequest r : list.attributes()) {
                results.add(read(device, association, r.attribute(), r.selectiveAccess()));
            }
            response = new GetResponse.WithList(iip, results);
        }
        // Encoded once here (does it need blocks?) and the bytes kept for sending or ciphering it.
        byte[] whole = ApduCodec.encode(response);
        if (whole.length <= association.sendLimit) {
            encodedAnswer = response;
            encodedAnswerBytes = whole;
            return response;
        }
        if (!association.conformance.contains(ConformanceBit.BLOCK_TRANSFER_WITH_GET_OR_READ)) {
            return new GetResponse.Normal(iip, GetDataResult.error(DataAccessResult.OTHER_REASON));
        }
        // Only a successful value can be long enough to need blocks; an error result is a few bytes.
        byte[] encoded = response instanceof GetResponse.Normal n
                ? org.dmct.dlms.axdr.AxdrCodec.encode(n.result().data())
                : ApduCodec.encodeGetDataResults(((GetResponse.WithList) response).results());
        GetBlockSplitter splitter = new GetBlockSplitter(iip, encoded, association.sendLimit);
        association.blockTransfer = splitter;
        GetResponse.WithDataBlock first = splitter.firstBlock();
        if (splitter.isComplete()) {
            association.blockTransfer = null;
        }
        return first;
    }

    private static GetDataResult read(SimulatedDevice device, Association association,
                                      org.dmct.dlms.cosem.AttributeDescriptor attribute, SelectiveAccess access) {
        if (association.readable != null && !association.readable.contains(attribute.instance())) {
            return GetDataResult.error(DataAccessResult.READ_WRITE_DENIED);
        }
        AttributeRead read = device.get(attribute,
                access == null ? null : new SelectiveRead(access.accessSelector(), access.parameters()));
        return read.isSuccess() ? GetDataResult.of(read.data()) : GetDataResult.error(read.error());
    }

    /** For diagnostics: which associations are open. */
    @Override
    public String toString() {
        return "AssociationServer" + Arrays.toString(associations.keySet().toArray());
    }
}
