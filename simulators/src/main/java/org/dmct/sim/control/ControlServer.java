package org.dmct.sim.control;

import org.dmct.core.model.PhysicalEvent;
import org.dmct.link.SocketTransport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.dmct.core.evidence.EvidenceJson;
import org.dmct.sim.InstallationSimulator;
import org.dmct.sim.SimulatorException;
import org.dmct.sim.device.RaisedEvent;
import org.dmct.sim.device.SimulatedDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control interface of a host's simulated installations: a small HTTP/JSON API on loopback, served on the
 * simulators' event loops, through which a test or a person causes physical events on a device and reads its state.
 *
 * <ul>
 * <li>{@code POST /installations/{dmc}/devices/{device}/stimuli} with {@code {"kind": "power-cut" | "power-restore" |
 * "cover-removed" | "magnetic-tamper" | "battery-low" | "keypad-entry"}}: applies it; 200 with the event raised
 * (its device code, GBCS alert code, whether an alert went out). {@code keypad-entry} also carries
 * {@code "digits"}, the digits typed, which the device's prepayment takes as a UTRN: 200 with {@code "keypad":
 * {accepted, result, reason, amountPence}} (a refused UTRN is still a keypad entry that happened), 409 when the
 * device has no prepayment (no keypad).</li>
 * <li>{@code GET /installations/{dmc}/devices/{device}/state}: the device's physical state (mains, cover, magnet,
 * battery), supply switch, clock, register values, the tail of its event log, and the events stimuli raised.</li>
 * </ul>
 * A malformed request is 400, an unknown installation or device 404, another method 405, a stimulus that
 * contradicts the device's state (cutting a supply already cut) 409; each with
 * {@code {"error": reason}}.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final int MAX_REQUEST_BYTES = 16 * 1024;
    private static final int EVENT_LOG_TAIL = 10;

    private final Map<String, InstallationSimulator> installations;
    private final Map<String, DevicePhysicalState> physical = new ConcurrentHashMap<>();
    private final ObjectMapper json = EvidenceJson.mapper();
    private volatile Channel serverChannel;

    private ControlServer(List<InstallationSimulator> installations) {
        Map<String, InstallationSimulator> byId = new LinkedHashMap<>();
        installations.forEach(i -> byId.put(i.dmc().id(), i));
        this.installations = Map.copyOf(byId);
    }

    /**
     * Binds the control interface on {@code host} (loopback; port 0 takes a free one) and serves these installations.
     *
     * @throws SimulatorException when it cannot bind
     */
    public static ControlServer start(List<InstallationSimulator> installations, EventLoopGroup group, String host,
                                      int port) {
        ControlServer server = new ControlServer(installations);
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(SocketTransport.serverSocketChannel(group))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                .addLast(server.new Handler());
                    }
                });
        var bound = bootstrap.bind(new InetSocketAddress(host, port)).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new SimulatorException("cannot start the simulators' control interface on " + host + ":" + port
                    + ": " + bound.cause().getMessage(), bound.cause());
        }
        server.serverChannel = bound.channel();
        return server;
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Where an installation is controlled: {@code http://127.0.0.1:PORT/installations/DMC-ID}. */
    public URI endpoint(String dmcId) {
        InetSocketAddress a = address();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort() + "/installations/" + dmcId);
    }

    @Override
    public void close() {
        Channel ch = serverChannel;
        if (ch != null) {
            ch.close().syncUninterruptibly();
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            FullHttpResponse response;
            try {
                response = ok(serve(request));
            } catch (ControlException e) {
                response = error(e.status(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("control request {} {} failed: {}", request.method(), request.uri(), e.toString());
                response = error(500, "the simulator failed to serve the request: " + e);
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            var written = ctx.writeAndFlush(response);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("control connection {} failed: {}", ctx.channel(), cause.toString());
            ctx.close();
        }
    }

    private Object serve(FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            throw new ControlException(400, "malformed HTTP request: " + request.decoderResult().cause());
        }
        String[] path = new QueryStringDecoder(request.uri()).path().split("/");
        // "", "installations", dmc, "devices", device, "stimuli" | "state"
        if (path.length != 6 || !path[1].equals("installations") || !path[3].equals("devices")) {
            throw new ControlException(404, "no such resource: " + request.uri() + " (use /installations/{dmc}"
                    + "/devices/{device}/stimuli or /state)");
        }
        InstallationSimulator installation = Optional.ofNullable(installations.get(path[2])).orElseThrow(() ->
                new ControlException(404, "no simulated installation '" + path[2] + "'; this host simulates "
                        + installations.keySet()));
        SimulatedDevice device = installation.device(path[4]).orElseThrow(() -> new ControlException(404,
                "installation " + path[2] + " has no device '" + path[4] + "'; it has "
                        + installation.devices().stream().map(SimulatedDevice::id).toList()));
        return switch (path[5]) {
            case "stimuli" -> {
                requireMethod(request, HttpMethod.POST);
                yield stimulate(installation, device, request);
            }
            case "state" -> {
                requireMethod(request, HttpMethod.GET);
                yield state(installation, device);
            }
            default -> throw new ControlException(404, "no such resource: " + request.uri()
                    + " (a device has /stimuli and /state)");
        };
    }

    private static void requireMethod(FullHttpRequest request, HttpMethod method) {
        if (!request.method().equals(method)) {
            throw new ControlException(405, request.method() + " is not allowed on " + request.uri() + "; use "
                    + method);
        }
    }

    private Map<String, Object> stimulate(InstallationSimulator installation, SimulatedDevice device,
                                          FullHttpRequest request) {
        JsonNode body;
        try {
            body = json.readTree(request.content().toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ControlException(400, "the body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (body == null || !body.isObject() || !body.path("kind").isTextual()) {
            throw new ControlException(400, "expected a JSON object with a \"kind\": one of " + PhysicalEvent.labels());
        }
        String kind = body.get("kind").asText();
        PhysicalEvent stimulus = PhysicalEvent.parse(kind).orElseThrow(() -> new ControlException(400, "unknown stimulus '"
                + kind + "'; expected one of " + PhysicalEvent.labels()));
        if (stimulus != PhysicalEvent.KEYPAD_ENTRY && body.has("digits")) {
            throw new ControlException(400, "\"digits\" belong to keypad-entry only, not to " + kind);
        }
        if (stimulus == PhysicalEvent.KEYPAD_ENTRY) {
            JsonNode digits = body.get("digits");
            Map<String, Object> keypad = physicalState(device).typeOnKeypad(
                    digits != null && digits.isTextual() ? digits.asText() : null);
            LOG.info("{}/{}: keypad entry {}", installation.dmc().id(), device.id(), keypad.get("result"));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("installation", installation.dmc().id());
            answer.put("device", device.id());
            answer.put("applied", stimulus.label());
            answer.put("keypad", keypad);
            return answer;
        }
        RaisedEvent event = physicalState(device).apply(stimulus);
        LOG.info("{}/{}: stimulus {} raised {}", installation.dmc().id(), device.id(), kind, event);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("installation", installation.dmc().id());
        answer.put("device", device.id());
        answer.put("applied", stimulus.label());
        answer.put("event", DevicePhysicalState.describe(event));
        return answer;
    }

    private DevicePhysicalState physicalState(SimulatedDevice device) {
        return physical.computeIfAbsent(device.id(), id -> new DevicePhysicalState(device));
    }

    private Map<String, Object> state(InstallationSimulator installation, SimulatedDevice device) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("installation", installation.dmc().id());
        s.put("device", device.id());
        s.put("type", device.declaration().type().name());
        s.put("profile", device.profile().id());
        s.put("firmware", device.declaration().firmware());
        s.put("physical", physicalState(device).physical());
        s.put("supplySwitch", device.supplySwitch().map(sw -> switch (sw.state()) {
            case 0 -> "disconnected";
            case 1 -> "connected";
            case 2 -> "ready-for-reconnection";
            default -> "state " + sw.state();
        }).orElse(null));
        s.put("clock", device.clock().now().toString());
        s.put("registers", DeviceReadings.registers(device));
        s.put("eventLogTail", DeviceReadings.eventLogTail(device, EVENT_LOG_TAIL));
        s.put("stimuliRaised", physicalState(device).raisedTail());
        return s;
    }

    private FullHttpResponse ok(Object body) {
        return respond(HttpResponseStatus.OK, body);
    }

    private FullHttpResponse error(int status, String reason) {
        return respond(HttpResponseStatus.valueOf(status), Map.of("error", reason));
    }

    private FullHttpResponse respond(HttpResponseStatus status, Object body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a control answer as JSON", e);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return response;
    }
}
