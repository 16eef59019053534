package org.dmct.adapters.dlms.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LinkSpec;
import org.dmct.core.profile.ProtocolSettings;
import org.dmct.core.spi.FrameDirection;
import org.dmct.core.spi.FrameRecorder;
import org.dmct.core.spi.SecretResolver;
import org.dmct.dlms.RawFrameListener;
import org.dmct.dlms.apdu.AareApdu;
import org.dmct.dlms.apdu.AarqApdu;
import org.dmct.dlms.apdu.ActionRequest;
import org.dmct.dlms.apdu.ActionParameterSplitter;
import org.dmct.dlms.apdu.ActionReturnAssembler;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.CipheredApdu;
import org.dmct.dlms.apdu.GeneralGloCipheredApdu;
import org.dmct.dlms.apdu.InitiateResponse;
import org.dmct.dlms.apdu.SetBlockSplitter;
import org.dmct.dlms.security.DecipherResult;
import org.dmct.dlms.apdu.ActionResponse;
import org.dmct.dlms.apdu.Apdu;
import org.dmct.dlms.apdu.ApduDecodeResult;
import org.dmct.dlms.apdu.AssociationResult;
import org.dmct.dlms.apdu.Conformance;
import org.dmct.dlms.apdu.ConformanceBit;
import org.dmct.dlms.apdu.ConfirmedServiceError;
import org.dmct.dlms.apdu.ExceptionResponse;
import org.dmct.dlms.apdu.GetBlockAssembler;
import org.dmct.dlms.apdu.GetDataResult;
import org.dmct.dlms.apdu.GetRequest;
import org.dmct.dlms.apdu.GetResponse;
import org.dmct.dlms.apdu.InitiateRequest;
import org.dmct.dlms.apdu.InvokeIdAndPriority;
import org.dmct.dlms.apdu.NotificationApdu;
import org.dmct.dlms.apdu.RlreApdu;
import org.dmct.dlms.apdu.RlrqApdu;
import org.dmct.dlms.apdu.SelectiveAccess;
import org.dmct.dlms.apdu.ServiceApdu;
import org.dmct.dlms.apdu.SetRequest;
import org.dmct.dlms.apdu.SetResponse;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.MethodDescriptor;
import org.dmct.dlms.hdlc.HdlcLinkFailure;
import org.dmct.dlms.hdlc.MalformedHdlcInput;
import org.dmct.dlms.wrapper.MalformedWrapperInput;

/**
 * One DLMS association from the harness to one logical device, over its own TCP wrapper connection. It connects and
 * associates on first use, keeps one request outstanding at a time (operations queue behind each other), bounds each
 * request with its own timeout (the channel stays open for a late answer, which is still recorded), reassembles GET
 * data blocks, splits long SET values and ACTION parameters into blocks, and reconnects after the device dropped
 * the link. A device whose profile asks for HLS-GMAC or HLS-ECDSA first has its frame counter read through a
 * public-client association, then gets a secured association ({@link AssociationSecurity}) in which every service
 * APDU is ciphered and every answer deciphered; our invocation counter only rises for the whole run. Every frame in
 * both directions goes to the evidence recorder with the request it belongs to (ciphertext; the plaintext too only
 * when the lab sets recordDecryptedApdus). All state lives on one event loop.
 */
public final class DlmsAssociation {
    /** What the harness proposes; the device's answer narrows it. */
    static final Conformance PROPOSED = Conformance.of(ConformanceBit.GET, ConformanceBit.SET, ConformanceBit.ACTION,
            ConformanceBit.SELECTIVE_ACCESS, ConformanceBit.BLOCK_TRANSFER_WITH_GET_OR_READ,
            ConformanceBit.BLOCK_TRANSFER_WITH_SET_OR_WRITE, ConformanceBit.BLOCK_TRANSFER_WITH_ACTION,
            ConformanceBit.MULTIPLE_REFERENCES, ConformanceBit.PRIORITY_MGMT_SUPPORTED);

    private final LabDevice device;
    private final LinkSpec link;
    private final EventLoop loop;
    private final FrameRecorder frames;
    private final SecretResolver secrets;
    private final Duration timeout;
    private final SharedLine sharedLine;
    /** False for a helper association (the public client) that uses the line while its owner holds the turn. */
    private final boolean takesTurns;
    /** Where notifications that arrive ciphered go once opened (null: nobody listens). */
    private volatile CipheredNotifications notifications;
    private static final int GLO_EVENT_NOTIFICATION = 0xCA;

    /** What happens to a notification that arrived ciphered on this association. */
    public interface CipheredNotifications {
        /** A notification opened with the association's keys. */
        void deciphered(NotificationApdu notification, String requestInFlight);

        /** A ciphered APDU, with nothing waiting for an answer, that does not open (wrong key, replay, altered). */
        void unopened(String deviceId, String reason);
    }

    /** Hands notifications that arrive ciphered to {@code sink} after opening them. */
    public void onCipheredNotifications(CipheredNotifications sink) {
        this.notifications = sink;
    }

    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private Channel channel;
    private boolean associated;
    private int invokeCounter;
    private Pending pending;
    private volatile String currentRequestId;
    /** The LLS password while its AARQ is being sent, so the evidence copy of that frame can hide it. */
    private volatile byte[] secretInFlight;
    /** The ciphering of the current secured association (HLS-GMAC/ECDSA), null for an unsecured one. */
    private AssociationSecurity security;
    /** Our next invocation counter for this device: it only grows, across every association of the run. */
    private long ownInvocationCounter;
    /** The device's system title and the highest counter accepted from it, kept across the run's associations. */
    private org.dmct.dlms.security.SystemTitle deviceTitle;
    private long highestDeviceCounter = -1;
    /** What the device accepted in its InitiateResponse, for SET/ACTION block transfer; null before. */
    private InitiateResponse negotiated;

    static final String DECIPHERED_COPY_SENT = "deciphered copy: the plaintext xDLMS APDU of the ciphered frame sent"
            + " just before (not on the wire)";
    static final String DECIPHERED_COPY_RECEIVED = "deciphered copy: the plaintext xDLMS APDU of the ciphered frame"
            + " received just before (not on the wire)";
    /** The last frame the HDLC link dropped as malformed during the request in flight. */
    private MalformedHdlcInput malformedDuringExchange;

    /** The request waiting for its answer. */
    private record Pending(Apdu request, CompletableFuture<Apdu> answer, String what) { }

    public DlmsAssociation(LabDevice device, LinkSpec link, EventLoop loop, FrameRecorder frames,
                           SecretResolver secrets, Duration timeout) {
        this(device, link, loop, frames, secrets, timeout, null);
    }

    /**
     * An association whose link is a line shared with the DMC's other devices (a serial port): before it opens its
     * channel it takes the line from the association holding it, which releases and closes first.
     */
    public DlmsAssociation(LabDevice device, LinkSpec link, EventLoop loop, FrameRecorder frames,
                           SecretResolver secrets, Duration timeout, SharedLine sharedLine) {
        this(device, link, loop, frames, secrets, timeout, sharedLine, true);
    }

    private DlmsAssociation(LabDevice device, LinkSpec link, EventLoop loop, FrameRecorder frames,
                            SecretResolver secrets, Duration timeout, SharedLine sharedLine, boolean takesTurns) {
        this.sharedLine = sharedLine;
        this.takesTurns = takesTurns;
        this.device = device;
        this.link = link;
        this.loop = loop;
        this.frames = frames;
        this.secrets = secrets;
        this.timeout = timeout;
    }

    /** Where this association goes, in the words error messages use. */
    public String endpoint() {
        return link + " logical device " + device.logicalDevice();
    }

    public LabDevice device() {
        return device;
    }

    /** The request whose exchange is waiting for the device's answer, or null when none is (on the loop). */
    public String requestInFlight() {
        return pending == null ? null : currentRequestId;
    }

    // ---- operations -----------------------------------------------------------------------------------------

    /** Reads an attribute, following GET data blocks to the end. Completes with data or the device's error result. */
    public CompletableFuture<GetDataResult> get(String requestId, AttributeDescriptor attribute, SelectiveAccess access) {
        return enqueue(requestId, () -> {
            String what = "GET " + describe(attribute);
            GetRequest request = new GetRequest.Normal(nextInvokeId(), attribute, access);
            return exchange(request, what).thenCompose(answer -> {
                if (answer instanceof GetResponse.Normal n) {
                    return CompletableFuture.completedFuture(n.result());
                }
                if (answer instanceof GetResponse.WithDataBlock block) {
                    return continueBlocks(new GetBlockAssembler(), block, what);
                }
                throw unexpected(answer, what);
            });
        });
    }

    /** Writes an attribute; completes with the device's result. */
    public CompletableFuture<DataAccessResult> set(String requestId, AttributeDescriptor attribute, DlmsData value) {
        return enqueue(requestId, () -> {
            String what = "SET " + describe(attribute);
            SetRequest.Normal request = new SetRequest.Normal(nextInvokeId(), attribute, null, value);
            int limit = sendLimit();
            if (SetBlockSplitter.needsBlockTransfer(request, limit)
                    && negotiates(ConformanceBit.BLOCK_TRANSFER_WITH_SET_OR_WRITE)) {
                SetBlockSplitter splitter = SetBlockSplitter.forData(request.invokeIdAndPriority(), attribute, null,
                        value, limit);
                return exchange(splitter.firstRequest(), what + " block 1")
                        .thenCompose(answer -> continueSetBlocks(splitter, answer, what));
            }
            return exchange(request, what).thenApply(answer -> {
                if (answer instanceof SetResponse.Normal n) {
                    return n.result();
                }
                throw unexpected(answer, what);
            });
        });
    }

    /** Invokes a method; completes with the device's response. */
    public CompletableFuture<ActionResponse.Normal> action(String requestId, MethodDescriptor method, DlmsData parameters) {
        return enqueue(requestId, () -> {
            String what = "ACTION " + method.instance() + " class " + method.classId() + " method " + method.methodId();
            ActionRequest.Normal request = new ActionRequest.Normal(nextInvokeId(), method, parameters);
            int limit = sendLimit();
            if (parameters != null && ActionParameterSplitter.needsBlockTransfer(request, limit)
                    && negotiates(ConformanceBit.BLOCK_TRANSFER_WITH_ACTION)) {
                ActionParameterSplitter splitter = ActionParameterSplitter.forData(request.invokeIdAndPriority(),
                        method, parameters, limit);
                return exchange(splitter.firstRequest(), what + " block 1")
                        .thenCompose(answer -> continueActionBlocks(splitter, answer, what));
            }
            return exchange(request, what).thenCompose(answer -> actionResult(answer, what));
        });
    }

    /** Releases the association (RLRQ) if one is open and closes the connection; never fails. */
    public CompletableFuture<Void> release() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onLoop(() -> {
            tail = tail.handle((r, e) -> null).thenCompose(x -> {
                if (channel == null || !channel.isActive() || !associated) {
                    return closeChannel();
                }
                currentRequestId = null;
                return exchange(new RlrqApdu(RlrqApdu.NORMAL, null), "release")
                        .handle((a, e) -> null)
                        .thenCompose(a -> {
                            associated = false;
                            return closeChannel();
                        });
            }).whenComplete((r, e) -> done.complete(null));
        });
        return done;
    }

    // ---- machinery ------------------------------------------------------------------------------------------

    /** Runs {@code op} after every earlier operation, on the association's loop, after making sure it is open. */
    private <T> CompletableFuture<T> enqueue(String requestId, Supplier<CompletableFuture<T>> op) {
        CompletableFuture<T> result = new CompletableFuture<>();
        onLoop(() -> {
            CompletableFuture<T> run = tail.handle((r, e) -> null)
                    .thenCompose(x -> {
                        currentRequestId = requestId;
                        return ensureAssociated();
                    })
                    .thenCompose(x -> op.get());
            tail = run;
            run.whenComplete((r, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(r);
                }
            });
        });
        return result;
    }

    /**
     * Runs {@code task} on the association's loop: at once when the caller is already there (the runner's steps and
     * the completions of earlier operations run there), so queuing an operation costs no task hand-off and no
     * wake-up of the loop; otherwise as a task. A caller on the loop thus sees its operations queued in the order
     * it made them, as a caller elsewhere does.
     */
    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    private CompletableFuture<Void> ensureAssociated() {
        if (channel != null && channel.isActive() && associated) {
            return CompletableFuture.completedFuture(null);
        }
        associated = false;
        security = null;
        negotiated = null;
        CompletableFuture<Void> line = sharedLine == null || !takesTurns ? CompletableFuture.completedFuture(null)
                : sharedLine.acquire(this);
        if (device.profile().protocol().secured()) {
            return line.thenComposeAsync(x -> readFrameCounter(), loop)
                    .thenCompose(counter -> connect().thenCompose(ch -> associateSecured(counter)));
        }
        return line.thenComposeAsync(x -> connect(), loop).thenCompose(ch -> associate());
    }

    private CompletableFuture<Channel> connect() {
        CompletableFuture<Channel> connected = new CompletableFuture<>();
        RawFrameListener listener = new RawFrameListener() {
            @Override
            public void frameSent(byte[] frame) {
                byte[] secret = secretInFlight;
                if (secret != null && Redaction.mask(frame, secret)) {
                    frames.frame(device.id(), currentRequestId, FrameDirection.SENT, frame,
                            "calling-authentication-value (LLS password) replaced by '*' in this record");
                    return;
                }
                frames.frame(device.id(), currentRequestId, FrameDirection.SENT, frame, null);
            }

            @Override
            public void frameReceived(byte[] frame) {
                frames.frame(device.id(), currentRequestId, FrameDirection.RECEIVED, frame, null);
            }

            @Override
            public void malformedFrameReceived(byte[] bytes, String reason) {
                frames.frame(device.id(), currentRequestId, FrameDirection.MALFORMED_RECEIVED, bytes, reason);
            }
        };
        ChannelFuture f = DeviceLinks.connect(link, device, loop, timeout, listener, new ClientHandler(this),
                sharedLine);
        f.addListener(x -> {
            if (f.isSuccess()) {
                channel = f.channel();
                connected.complete(channel);
            } else {
                Throwable cause = f.cause();
                String why = cause instanceof ConnectException ? "connection refused"
                        : cause instanceof org.dmct.link.serial.SerialPortException ? cause.getMessage()
                        : cause.getClass().getSimpleName() + ": " + cause.getMessage();
                connected.completeExceptionally(DeviceFailure.cannotCommunicate(
                        "cannot connect to " + device.id() + " at " + endpoint() + ": " + why));
            }
        });
        return connected;
    }

    /**
     * Reads the device's frame counter object through a public-client association (client 16, lowest level), as real
     * DLMS clients do before a secured association, and gives the first invocation counter to use: above what the
     * device has accepted, and above every counter this association already used in the run.
     */
    private CompletableFuture<Long> readFrameCounter() {
        ProtocolSettings protocol = device.profile().protocol();
        String obis = protocol.security().invocationCounter();
        LabDevice publicView = device.withProfile(device.profile().withProtocol(protocol.publicClient()));
        // On a shared line it uses the turn this association already holds.
        DlmsAssociation publicClient = new DlmsAssociation(publicView, link, loop, frames, secrets, timeout,
                sharedLine, false);
        String what = "the frame counter " + obis + " of " + device.id() + " (public client)";
        CompletableFuture<GetDataResult> counterRead = publicClient.get(currentRequestId, AttributeDescriptor.of(1, obis, 2),
                null);
        // The public association is released and its link closed before the secured one opens (a serial port
        // can be open once).
        return counterRead.handle((result, error) -> publicClient.release()).thenCompose(released -> released)
                .thenComposeAsync(x -> counterRead, loop)
                .handle((result, error) -> {
                    if (error != null) {
                        DeviceFailure f = DeviceFailure.unwrap(error);
                        throw DeviceFailure.cannotCommunicate("cannot read " + what + " before the secured association: "
                                + (f != null ? f.getMessage() : error.toString()));
                    }
                    if (!result.isSuccess()) {
                        throw DeviceFailure.cannotCommunicate("cannot read " + what + ": the device answered "
                                + result.error());
                    }
                    java.util.OptionalLong value = result.data().asLong();
                    if (value.isEmpty() || value.getAsLong() < 0 || value.getAsLong() > 0xFFFFFFFFL) {
                        throw DeviceFailure.cannotCommunicate(what + " is not an unsigned 32-bit counter: "
                                + result.data());
                    }
                    long read = value.getAsLong();
                    return Math.max(read + 1, ownInvocationCounter);
                });
    }

    /** HLS-GMAC or HLS-ECDSA: AARQ/AARE, then reply_to_HLS_authentication, every APDU ciphered from then on. */
    private CompletableFuture<Void> associateSecured(long firstCounter) {
        ProtocolSettings protocol = device.profile().protocol();
        AssociationSecurity s;
        try {
            s = AssociationSecurity.open(device, secrets, firstCounter, deviceTitle, highestDeviceCounter);
        } catch (DeviceFailure e) {
            return CompletableFuture.failedFuture(e);
        }
        InitiateRequest initiate = InitiateRequest.of(PROPOSED, protocol.maxPduSize());
        AarqApdu aarq = s.aarq(initiate);
        ownInvocationCounter = s.nextInvocationCounter();
        return exchange(aarq, "association (AARQ, " + protocol.authentication() + ")").thenCompose(answer -> {
            if (!(answer instanceof AareApdu aare)) {
                throw unexpected(answer, "association (AARQ)");
            }
            negotiated = s.acceptAare(aare, endpoint());
            security = s;
            return exchange(s.hlsReply(nextInvokeId()), "HLS authentication (reply_to_HLS_authentication)");
        }).thenAccept(answer -> {
            s.checkHlsResponse(answer, endpoint());
            associated = true;
        }).whenComplete((r, e) -> {
            ownInvocationCounter = Math.max(ownInvocationCounter, s.nextInvocationCounter());
            keepDeviceCounter(s);
            if (e != null) {
                // the device may still think the association open: start the next attempt on a fresh link
                security = null;
                closeChannel();
            }
        });
    }

    private CompletableFuture<Void> associate() {
        ProtocolSettings protocol = device.profile().protocol();
        InitiateRequest initiate = InitiateRequest.of(PROPOSED, protocol.maxPduSize());
        AarqApdu aarq;
        if (protocol.authentication() == ProtocolSettings.Authentication.LOW) {
            byte[] password;
            try {
                password = secrets.resolve(protocol.password());
            } catch (IllegalStateException e) {
                return CompletableFuture.failedFuture(DeviceFailure.cannotCommunicate(
                        "cannot associate with " + device.id() + ": " + e.getMessage()));
            }
            aarq = AarqApdu.lowLevel(password, initiate);
            secretInFlight = password;
        } else {
            aarq = AarqApdu.lowestLevel(initiate);
        }
        CompletableFuture<Apdu> answered = exchange(aarq, "association (AARQ)");
        answered.whenComplete((a, e) -> secretInFlight = null);
        return answered.thenAccept(answer -> {
            if (!(answer instanceof AareApdu aare)) {
                throw unexpected(answer, "association (AARQ)");
            }
            if (aare.result() != AssociationResult.ACCEPTED) {
                throw DeviceFailure.cannotCommunicate(device.id() + " at " + endpoint() + " refused the association: "
                        + aare.result() + ", " + aare.resultSourceDiagnostic()
                        + (aare.initiateError() == null ? "" : ", " + aare.initiateError()));
            }
            negotiated = aare.userInformation();
            associated = true;
        });
    }

    private CompletableFuture<GetDataResult> continueBlocks(GetBlockAssembler assembler, GetResponse.WithDataBlock block,
                                                           String what) {
        GetBlockAssembler.Step step = assembler.accept(block);
        if (step instanceof GetBlockAssembler.Complete complete) {
            return CompletableFuture.completedFuture(complete.result());
        }
        if (step instanceof GetBlockAssembler.Failed failed) {
            return CompletableFuture.failedFuture(DeviceFailure.cannotCommunicate(
                    what + " on " + device.id() + ": block transfer failed: " + failed.reason()));
        }
        if (step instanceof GetBlockAssembler.NeedNext next) {
            return exchange(next.request(), what + " block " + (block.blockNumber() + 1)).thenCompose(answer -> {
                if (answer instanceof GetResponse.WithDataBlock b) {
                    return continueBlocks(assembler, b, what);
                }
                throw unexpected(answer, what);
            });
        }
        return CompletableFuture.failedFuture(DeviceFailure.cannotCommunicate(
                what + " on " + device.id() + ": unexpected block transfer step " + step));
    }

    /** The largest request the device receives, less what ciphering adds; unlimited before an InitiateResponse. */
    private int sendLimit() {
        int max = negotiated == null || negotiated.serverMaxReceivePduSize() == 0 ? 0xFFFF
                : negotiated.serverMaxReceivePduSize();
        return security == null ? max : max - AssociationSecurity.CIPHERING_OVERHEAD;
    }

    private boolean negotiates(ConformanceBit bit) {
        return negotiated != null && negotiated.negotiatedConformance().contains(bit);
    }

    private CompletableFuture<DataAccessResult> continueSetBlocks(SetBlockSplitter splitter, Apdu answer, String what) {
        if (!(answer instanceof SetResponse response)) {
            return CompletableFuture.failedFuture(unexpected(answer, what));
        }
        SetBlockSplitter.Step step = splitter.accept(response);
        if (step instanceof SetBlockSplitter.Complete complete) {
            return CompletableFuture.completedFuture(complete.result());
        }
        if (step instanceof SetBlockSplitter.Send send) {
            return exchange(send.request(), what + " block " + send.request().block().blockNumber())
                    .thenCompose(next -> continueSetBlocks(splitter, next, what));
        }
        return CompletableFuture.failedFuture(DeviceFailure.cannotCommunicate(what + " on " + device.id()
                + ": SET block transfer failed: " + ((SetBlockSplitter.Failed) step).reason()));
    }

    private CompletableFuture<ActionResponse.Normal> continueActionBlocks(ActionParameterSplitter splitter, Apdu answer,
                                                                         String what) {
        if (!(answer instanceof ActionResponse response)) {
            return CompletableFuture.failedFuture(unexpected(answer, what));
        }
        ActionParameterSplitter.Step step = splitter.accept(response);
        if (step instanceof ActionParameterSplitter.Complete complete) {
            return actionResult(complete.response(), what);
        }
        if (step instanceof ActionParameterSplitter.Send send) {
            return exchange(send.request(), what + " block " + send.request().block().blockNumber())
                    .thenCompose(next -> continueActionBlocks(splitter, next, what));
        }
        return CompletableFuture.failedFuture(DeviceFailure.cannotCommunicate(what + " on " + device.id()
                + ": ACTION block transfer failed: " + ((ActionParameterSplitter.Failed) step).reason()));
    }

    /** A normal ACTION response as it is, or the return parameters the device sends in blocks, reassembled. */
    private CompletableFuture<ActionResponse.Normal> actionResult(Apdu answer, String what) {
        if (answer instanceof ActionResponse.Normal n) {
            return CompletableFuture.completedFuture(n);
        }
        if (answer instanceof ActionResponse.WithPblock block) {
            return continueReturnBlocks(new ActionReturnAssembler(), block, what);
        }
        return CompletableFuture.failedFuture(unexpected(answer, what));
    }

    private CompletableFuture<ActionResponse.Normal> continueReturnBlocks(ActionReturnAssembler assembler,
                                                                         ActionResponse answer, String what) {
        ActionReturnAssembler.Step step = assembler.accept(answer);
        if (step instanceof ActionReturnAssembler.Complete complete) {
            return CompletableFuture.completedFuture(new ActionResponse.Normal(answer.invokeIdAndPriority(),
                    complete.result().result(), complete.result().returnParameters()));
        }
        if (step instanceof ActionReturnAssembler.NeedNext next) {
            return exchange(next.request(), what + " return block " + (next.request().blockNumber() + 1))
                    .thenCompose(a -> a instanceof ActionResponse r ? continueReturnBlocks(assembler, r, what)
                            : CompletableFuture.failedFuture(unexpected(a, what)));
        }
        return CompletableFuture.failedFuture(DeviceFailure.cannotCommunicate(what + " on " + device.id()
                + ": ACTION return block transfer failed: " + ((ActionReturnAssembler.Failed) step).reason()));
    }

    /** Sends one request and waits (without blocking) for its answer or its timeout. Runs on the loop. */
    private CompletableFuture<Apdu> exchange(Apdu request, String what) {
        CompletableFuture<Apdu> answer = new CompletableFuture<>();
        if (channel == null || !channel.isActive()) {
            answer.completeExceptionally(DeviceFailure.cannotCommunicate(
                    what + ": the connection to " + device.id() + " at " + endpoint() + " is closed"));
            return answer;
        }
        Pending p = new Pending(request, answer, what);
        pending = p;
        malformedDuringExchange = null;
        ScheduledFuture<?> timer = loop.schedule(() -> {
            if (pending == p) {
                pending = null;
                answer.completeExceptionally(DeviceFailure.noResponse(device.id() + " did not answer " + what
                        + " within " + human(timeout) + " on " + endpoint()));
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        answer.whenComplete((a, e) -> timer.cancel(false));
        Apdu wire = request;
        AssociationSecurity s = security;
        if (s != null && request instanceof ServiceApdu) {
            try {
                wire = s.protect(request);
            } catch (IllegalStateException e) {
                pending = null;
                answer.completeExceptionally(DeviceFailure.cannotCommunicate("cannot cipher " + what + " for "
                        + device.id() + ": " + e.getMessage()));
                return answer;
            }
            ownInvocationCounter = Math.max(ownInvocationCounter, s.nextInvocationCounter());
        }
        channel.writeAndFlush(wire).addListener(f -> {
            if (!f.isSuccess()) {
                // Later in this turn of the loop: an HDLC link fails held writes first and then says why (DM, FRMR,
                // silence, with the frame); that account, if any, is the better one to give.
                loop.execute(() -> {
                    if (pending == p) {
                        pending = null;
                        answer.completeExceptionally(DeviceFailure.cannotCommunicate("cannot send " + what + " to "
                                + device.id() + " at " + endpoint() + ": " + f.cause()));
                    }
                });
            }
        });
        if (wire != request && s.recordDecrypted()) {
            // on the loop the wire frame was recorded during writeAndFlush, so its plaintext copy follows it
            frames.frame(device.id(), currentRequestId, FrameDirection.SENT, ApduCodec.encode(request),
                    DECIPHERED_COPY_SENT);
        }
        return answer;
    }

    // ---- events from the pipeline (on the loop) -------------------------------------------------------------

    void received(ApduDecodeResult result) {
        Pending p = pending;
        if (!result.isFailure() && security != null && ciphered(result.apdu()) && notifications != null
                && openNotification(result.apdu())) {
            return; // a ciphered notification: handed to the alerts, not an answer
        }
        if (p == null) {
            return; // a late or unsolicited answer: already in the evidence as a frame
        }
        if (result.isFailure()) {
            pending = null;
            p.answer().completeExceptionally(DeviceFailure.cannotCommunicate("malformed answer from " + device.id()
                    + " to " + p.what() + ": " + result.reason() + "; bytes " + HexFormat.of().withUpperCase()
                    .formatHex(result.bytes())));
            return;
        }
        Apdu apdu = result.apdu();
        AssociationSecurity s = security;
        if (s != null && (apdu instanceof CipheredApdu || apdu instanceof GeneralGloCipheredApdu)) {
            DecipherResult opened = s.open(apdu);
            if (!opened.isSuccess()) {
                pending = null;
                // a device whose answers do not verify cannot be trusted with the rest of this association
                security = null;
                closeChannel();
                p.answer().completeExceptionally(DeviceFailure.cannotCommunicate("cannot decipher the answer of "
                        + device.id() + " to " + p.what() + ": " + opened.failure().orElseThrow() + ": "
                        + opened.message().orElseThrow()));
                return;
            }
            keepDeviceCounter(s);
            if (s.recordDecrypted()) {
                frames.frame(device.id(), currentRequestId, FrameDirection.RECEIVED,
                        opened.plaintext().orElseThrow().bytes(), DECIPHERED_COPY_RECEIVED);
            }
            apdu = opened.apdu();
        } else if (s != null && apdu instanceof ServiceApdu) {
            pending = null;
            p.answer().completeExceptionally(DeviceFailure.cannotCommunicate(device.id() + " answered " + p.what()
                    + " in clear (" + apdu.getClass().getSimpleName() + ") on a ciphered association"));
            return;
        }
        if (!answers(p.request(), apdu)) {
            return; // an answer to an earlier request that timed out: recorded, not matched
        }
        pending = null;
        p.answer().complete(apdu);
    }

    private static boolean ciphered(Apdu apdu) {
        return apdu instanceof CipheredApdu || apdu instanceof GeneralGloCipheredApdu;
    }

    /**
     * A ciphered APDU that may be a notification (glo-event-notification 0xCA, or general-glo carrying one): opened
     * with the association's keys and, if it is a notification, given to the tap. Returns false when it is not one
     * (it is then handled as an answer, and opened there); an APDU that does not open is left to that path too,
     * unless nothing waits for an answer, in which case it is recorded as a malformed notification.
     */
    private boolean openNotification(Apdu apdu) {
        boolean gloNotification = apdu instanceof CipheredApdu c && c.tag() == GLO_EVENT_NOTIFICATION;
        if (!gloNotification && !(apdu instanceof GeneralGloCipheredApdu)) {
            return false; // a glo-ciphered answer: the answer path opens it
        }
        DecipherResult opened = security.open(apdu);
        if (!opened.isSuccess()) {
            if (pending != null) {
                return false; // the answer path reports it: opening again fails the same way (no counter moved)
            }
            notifications.unopened(device.id(), opened.failure().orElseThrow() + ": " + opened.message().orElseThrow());
            return true;
        }
        keepDeviceCounter(security);
        Apdu plain = opened.apdu();
        if (plain instanceof NotificationApdu n) {
            deliverNotification(n, opened);
            return true;
        }
        // a general-glo answer, opened here once (its counter is used up), so it is matched here
        Pending p = pending;
        if (p != null && answers(p.request(), plain)) {
            if (security.recordDecrypted()) {
                frames.frame(device.id(), currentRequestId, FrameDirection.RECEIVED,
                        opened.plaintext().orElseThrow().bytes(), DECIPHERED_COPY_RECEIVED);
            }
            pending = null;
            p.answer().complete(plain);
        }
        return true;
    }

    private void deliverNotification(NotificationApdu n, DecipherResult opened) {
        if (security != null && security.recordDecrypted()) {
            frames.frame(device.id(), requestInFlight(), FrameDirection.RECEIVED,
                    opened.plaintext().orElseThrow().bytes(), DECIPHERED_COPY_RECEIVED);
        }
        notifications.deciphered(n, requestInFlight());
    }

    private void keepDeviceCounter(AssociationSecurity s) {
        if (s.deviceTitle() != null) {
            if (!s.deviceTitle().equals(deviceTitle)) {
                highestDeviceCounter = -1;
            }
            deviceTitle = s.deviceTitle();
            highestDeviceCounter = Math.max(highestDeviceCounter, s.highestDeviceCounter());
        }
    }

    void malformed(MalformedWrapperInput bad) {
        Pending p = pending;
        pending = null;
        associated = false;
        if (p != null) {
            p.answer().completeExceptionally(DeviceFailure.cannotCommunicate("malformed frame from " + device.id()
                    + " during " + p.what() + ": " + bad.reason() + "; bytes "
                    + HexFormat.of().withUpperCase().formatHex(bad.bytes())));
        }
    }

    /** A frame the HDLC link dropped as malformed while a request waits: kept to explain a link failure. */
    void malformedFrame(MalformedHdlcInput bad) {
        if (pending != null) {
            malformedDuringExchange = bad;
        }
    }

    /**
     * The link below the association failed (HDLC: DM, FRMR, a silent device); the association is gone. Silence is
     * E21 as over the wrapper, unless what the device did send was malformed: then it is E20 with those bytes.
     */
    void linkFailed(HdlcLinkFailure failure) {
        Pending p = pending;
        pending = null;
        associated = false;
        MalformedHdlcInput garbled = malformedDuringExchange;
        malformedDuringExchange = null;
        if (p != null) {
            byte[] bytes = failure.bytes();
            String hex = HexFormat.of().withUpperCase().formatHex(bytes);
            DeviceFailure f;
            if (failure.isSilence() && garbled == null) {
                f = DeviceFailure.noResponse(device.id() + " did not answer " + p.what() + " on " + endpoint() + ": "
                        + failure.reason());
            } else if (failure.isSilence()) {
                f = DeviceFailure.cannotCommunicate("the link to " + device.id() + " at " + endpoint()
                        + " failed during " + p.what() + ": " + failure.reason() + "; the last frame received was "
                        + "malformed: " + garbled.reason() + "; bytes "
                        + HexFormat.of().withUpperCase().formatHex(garbled.bytes()));
            } else {
                f = DeviceFailure.cannotCommunicate("the link to " + device.id() + " at " + endpoint()
                        + " failed during " + p.what() + ": " + failure.reason()
                        + (bytes.length == 0 ? "" : "; bytes " + hex));
            }
            p.answer().completeExceptionally(f);
        }
        closeChannel();
    }

    void connectionLost(Channel ch) {
        if (ch != channel) {
            return;
        }
        associated = false;
        Pending p = pending;
        pending = null;
        if (p != null) {
            p.answer().completeExceptionally(DeviceFailure.cannotCommunicate(device.id() + " at " + endpoint()
                    + " closed the connection during " + p.what()));
        }
    }

    void connectionFailed(Channel ch, Throwable cause) {
        Pending p = pending;
        if (ch == channel && p != null) {
            pending = null;
            p.answer().completeExceptionally(DeviceFailure.cannotCommunicate("link to " + device.id() + " at "
                    + endpoint() + " failed during " + p.what() + ": " + cause));
        }
    }

    private static boolean answers(Apdu request, Apdu answer) {
        if (answer instanceof ExceptionResponse || answer instanceof ConfirmedServiceError) {
            return true;
        }
        if (request instanceof AarqApdu) {
            return answer instanceof AareApdu;
        }
        if (request instanceof RlrqApdu) {
            return answer instanceof RlreApdu;
        }
        if (request instanceof ServiceApdu req && answer instanceof ServiceApdu ans) {
            boolean kind = (request instanceof GetRequest && answer instanceof GetResponse)
                    || (request instanceof SetRequest && answer instanceof SetResponse)
                    || (request instanceof ActionRequest && answer instanceof ActionResponse);
            return kind && req.invokeIdAndPriority().invokeId() == ans.invokeIdAndPriority().invokeId();
        }
        return false;
    }

    private DeviceFailure unexpected(Apdu answer, String what) {
        if (answer instanceof ExceptionResponse ex) {
            return DeviceFailure.refused("exception-response " + ex.stateError() + "/" + ex.serviceError(),
                    device.id() + " answered " + what + " with an exception response: " + ex);
        }
        if (answer instanceof ConfirmedServiceError err) {
            return DeviceFailure.refused("confirmed-service-error " + err.service() + "/" + err.errorClass(),
                    device.id() + " answered " + what + " with a confirmed service error: " + err);
        }
        return DeviceFailure.cannotCommunicate(device.id() + " answered " + what + " with an unexpected "
                + answer.getClass().getSimpleName() + ": " + answer);
    }

    private InvokeIdAndPriority nextInvokeId() {
        invokeCounter = (invokeCounter + 1) & 0x0F;
        return InvokeIdAndPriority.of(invokeCounter);
    }

    /** Closes the channel (HDLC sends DISC first); completes when it is closed, so a serial port is free again. */
    private CompletableFuture<Void> closeChannel() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        if (channel != null) {
            channel.close().addListener(f -> closed.complete(null));
            channel = null;
        } else {
            closed.complete(null);
        }
        associated = false;
        return closed;
    }

    private static String describe(AttributeDescriptor a) {
        return a.instance() + " class " + a.classId() + " attribute " + a.attributeId();
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }
}
