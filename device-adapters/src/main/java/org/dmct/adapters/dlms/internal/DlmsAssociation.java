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
 * data blocks, and reconnects after the device dropped the link. Every frame in both directions goes to the
 * evidence recorder with the request it belongs to. All state lives on one event loop.
 */
public final class DlmsAssociation {
    /** What the harness proposes; the device's answer narrows it. */
    static final Conformance PROPOSED = Conformance.of(ConformanceBit.GET, ConformanceBit.SET, ConformanceBit.ACTION,
            ConformanceBit.SELECTIVE_ACCESS, ConformanceBit.BLOCK_TRANSFER_WITH_GET_OR_READ,
            ConformanceBit.MULTIPLE_REFERENCES, ConformanceBit.PRIORITY_MGMT_SUPPORTED);

    private final LabDevice device;
    private final LinkSpec link;
    private final EventLoop loop;
    private final FrameRecorder frames;
    private final SecretResolver secrets;
    private final Duration timeout;
    private final SharedLine sharedLine;

    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private Channel channel;
    private boolean associated;
    private int invokeCounter;
    private Pending pending;
    private volatile String currentRequestId;
    /** The LLS password while its AARQ is being sent, so the evidence copy of that frame can hide it. */
    private volatile byte[] secretInFlight;
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
        this.sharedLine = sharedLine;
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
            return exchange(new SetRequest.Normal(nextInvokeId(), attribute, null, value), what).thenApply(answer -> {
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
            return exchange(new ActionRequest.Normal(nextInvokeId(), method, parameters), what).thenApply(answer -> {
                if (answer instanceof ActionResponse.Normal n) {
                    return n;
                }
                throw unexpected(answer, what);
            });
        });
    }

    /** Releases the association (RLRQ) if one is open and closes the connection; never fails. */
    public CompletableFuture<Void> release() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
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
        loop.execute(() -> {
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

    private CompletableFuture<Void> ensureAssociated() {
        if (channel != null && channel.isActive() && associated) {
            return CompletableFuture.completedFuture(null);
        }
        associated = false;
        CompletableFuture<Void> line = sharedLine == null ? CompletableFuture.completedFuture(null)
                : sharedLine.acquire(this);
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
        ChannelFuture f = DeviceLinks.connect(link, device, loop, timeout, listener, new ClientHandler(this));
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
        channel.writeAndFlush(request).addListener(f -> {
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
        return answer;
    }

    // ---- events from the pipeline (on the loop) -------------------------------------------------------------

    void received(ApduDecodeResult result) {
        Pending p = pending;
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
        if (!answers(p.request(), apdu)) {
            return; // an answer to an earlier request that timed out: recorded, not matched
        }
        pending = null;
        p.answer().complete(apdu);
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
