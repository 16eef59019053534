package org.dmct.sim;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.lab.LinkSpec;
import org.dmct.dlms.hdlc.HdlcPipeline;
import org.dmct.dlms.hdlc.HdlcServerSettings;
import org.dmct.link.LoopAffinity;
import org.dmct.link.SocketTransport;
import org.dmct.link.serial.LineSpeedShaper;
import org.dmct.link.serial.PtyPair;
import org.dmct.link.serial.SerialAddress;
import org.dmct.link.serial.SerialChannel;
import org.dmct.link.serial.SerialPortSettings;
import org.dmct.sim.internal.ExchangeClockHandler;
import org.dmct.sim.internal.HdlcInstallationHandler;
import org.dmct.sim.time.SimulatedClock;
import org.dmct.core.spi.SecretResolver;
import org.dmct.dlms.RawFrameListener;
import org.dmct.dlms.wrapper.WrapperFrameDecoder;
import org.dmct.dlms.wrapper.WrapperFrameEncoder;
import org.dmct.sim.device.DeviceLifecycle;
import org.dmct.sim.device.SimulatedDevice;
import org.dmct.sim.internal.InstallationServerHandler;
import org.dmct.sim.internal.PushSender;
import org.dmct.sim.fault.DeviceFaults;
import org.dmct.sim.fault.FaultInjectionHandler;
import org.dmct.sim.fault.HdlcFrameTamperer;

/**
 * A simulated SMETS1 installation: the devices of one DMC (the hub's own function, the ESME, the GSME behind the
 * hub), each a logical device built from its profile, served on the DMC's link: the DLMS TCP wrapper or HDLC over TCP
 * on a port of its own (loopback in the CI lab; port 0 takes any free port), or HDLC over a serial line, for which it
 * makes a socat pty pair whose first end is the lab's serial port path and serves the other end at the line's speed.
 * The devices' alerts go to the connections with an association open to them, else to the DMC's push destination,
 * if it has one.
 */
public final class InstallationSimulator implements AutoCloseable {
    private final LabDmc dmc;
    /**
     * The one loop every connection, push and timer of this installation runs on: its devices' state is confined to
     * it, and an in-process harness can place its own connection there ({@link LoopAffinity}).
     */
    private final EventLoop loop;
    private final SecretResolver secrets;
    private final Map<Integer, SimulatedDevice> devices = new LinkedHashMap<>();
    /** Kept per device across connections, so that a fault scenario follows its seed whatever reconnects. */
    private final Map<Integer, DeviceFaults> faults = new LinkedHashMap<>();
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private volatile Channel serverChannel;
    private volatile LinkSpec served;
    private volatile PtyPair pty;
    private volatile LoopAffinity.Registration affinity;
    /** The installation's clock when it moves per request served (deterministic runs), else null. */
    private final SimulatedClock perExchangeClock;

    public InstallationSimulator(LabDmc dmc, EventLoopGroup group, Clock clock, SecretResolver secrets) {
        this(dmc, group, clock, secrets, 0L);
    }

    /**
     * @param runSeed mixed into every device's consumption seed (see {@link SimulatedDevice}); with a per-exchange
     *     {@link SimulatedClock} the installation's answers are then a function of the seed and the requests only
     */
    public InstallationSimulator(LabDmc dmc, EventLoopGroup group, Clock clock, SecretResolver secrets, long runSeed) {
        this.dmc = dmc;
        this.loop = group.next();
        this.secrets = secrets;
        clock = org.dmct.sim.time.InstallationTime.forInstallation(dmc, clock);
        this.perExchangeClock = clock instanceof SimulatedClock s && s.isPerExchange() ? s : null;
        for (LabDevice d : dmc.devices()) {
            DeviceFaults deviceFaults = new DeviceFaults(d.id(), d.faults());
            faults.put(d.logicalDevice(), deviceFaults);
            SimulatedDevice device = new SimulatedDevice(d, deviceFaults.deviceClock(clock), runSeed);
            dmc.pushDestination().ifPresent(p -> device.pushTo(new PushSender(loop, p)));
            devices.put(d.logicalDevice(), device);
        }
        DeviceLifecycle.link(dmc, devices.values(), secrets);
    }

    /**
     * Starts serving the installation on the DMC's link: binds its TCP port (wrapper or HDLC), or for a serial link
     * makes a pty pair whose first end is the lab's serial port path (the harness opens it) and serves the second.
     * Completes with the link as served (the bound port; port 0 takes any free port), or fails naming the DMC and
     * the address.
     */
    public CompletableFuture<LinkSpec> start() {
        LinkSpec link = dmc.link();
        return switch (link.transport()) {
            case TCP_WRAPPER, HDLC_TCP -> bindTcp(link);
            case HDLC_SERIAL -> openSerial(link);
        };
    }

    private void installServer(Channel ch, LinkSpec link) {
        boolean faulty = faults.values().stream().anyMatch(f -> !f.isEmpty());
        if (link.transport() == LinkSpec.Transport.TCP_WRAPPER) {
            ch.pipeline()
                    .addLast(new WrapperFrameDecoder(0xFFFF, RawFrameListener.NO_OP))
                    .addLast(new WrapperFrameEncoder(RawFrameListener.NO_OP));
            if (faulty) {
                ch.pipeline().addLast(new FaultInjectionHandler(faults));
            }
            addExchangeClock(ch);
            ch.pipeline().addLast(new InstallationServerHandler(devices, secrets));
            return;
        }
        LinkSpec.HdlcOptions o = link.hdlc() == null ? LinkSpec.HdlcOptions.DEFAULTS : link.hdlc();
        HdlcServerSettings settings = new HdlcServerSettings(devices.keySet(), HdlcServerSettings.ANY_PHYSICAL_ADDRESS,
                HdlcServerSettings.DEFAULT_LIMITS, o.interFrameTimeout());
        HdlcPipeline.installServer(ch.pipeline(), settings, RawFrameListener.NO_OP);
        if (faulty) {
            ch.pipeline().addLast(new FaultInjectionHandler(faults));
            ch.pipeline().addAfter(HdlcPipeline.DECODER, "fault-hdlc-tamperer", new HdlcFrameTamperer(faults));
        }
        addExchangeClock(ch);
        ch.pipeline().addLast(new HdlcInstallationHandler(devices, secrets));
    }

    private void addExchangeClock(Channel ch) {
        if (perExchangeClock != null) {
            ch.pipeline().addLast(new ExchangeClockHandler(perExchangeClock));
        }
    }

    private CompletableFuture<LinkSpec> bindTcp(LinkSpec link) {
        CompletableFuture<LinkSpec> started = new CompletableFuture<>();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loop, loop)
                .channel(SocketTransport.serverSocketChannel(loop))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        // A line-speed fault slows the TCP link to a serial line's pace, as a modem link does.
                        slowestFaultBaud().ifPresent(baud -> ch.pipeline().addLast(new LineSpeedShaper(
                                new SerialPortSettings("tcp", baud, 8, SerialPortSettings.Parity.NONE,
                                        SerialPortSettings.StopBits.ONE))));
                        installServer(ch, link);
                    }
                });
        InetSocketAddress wanted = new InetSocketAddress(link.host(), link.port());
        bootstrap.bind(wanted).addListener(f -> {
            if (f.isSuccess()) {
                serverChannel = ((io.netty.channel.ChannelFuture) f).channel();
                int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
                served = link.withPort(port);
                affinity = LoopAffinity.serving(port, loop);
                started.complete(served);
            } else {
                started.completeExceptionally(new SimulatorException("cannot start the simulator of DMC " + dmc.id()
                        + " on " + wanted.getHostString() + ":" + wanted.getPort() + ": " + f.cause().getMessage(),
                        f.cause()));
            }
        });
        return started;
    }

    /** How far apart the simulated line releases the characters of a frame (see {@link LineSpeedShaper}). */
    static final Duration SERIAL_RELEASE_INTERVAL = Duration.ofMillis(16);

    private CompletableFuture<LinkSpec> openSerial(LinkSpec link) {
        Path harnessEnd = Path.of(link.serial().port()).toAbsolutePath();
        Path simulatorEnd = harnessEnd.resolveSibling(harnessEnd.getFileName() + ".sim");
        try {
            Files.createDirectories(harnessEnd.getParent());
            pty = PtyPair.start(harnessEnd, simulatorEnd, Duration.ofSeconds(20));
        } catch (IOException | IllegalStateException e) {
            return CompletableFuture.failedFuture(new SimulatorException("cannot start the simulator of DMC "
                    + dmc.id() + " on serial port " + harnessEnd + ": " + e.getMessage(), e));
        }
        LinkSpec.SerialLine line = link.serial();
        SerialPortSettings settings = new SerialPortSettings(simulatorEnd.toString(), line.baud(), line.dataBits(),
                SerialPortSettings.Parity.valueOf(line.parity().name()), line.stopBits() == 20
                ? SerialPortSettings.StopBits.TWO : line.stopBits() == 15 ? SerialPortSettings.StopBits.ONE_POINT_FIVE
                : SerialPortSettings.StopBits.ONE);
        CompletableFuture<LinkSpec> started = new CompletableFuture<>();
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(SerialChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        // A real meter's line has a speed: answers leave at the declared baud rate. Each frame ends
                        // exactly on time; the characters inside it leave in batches at most 16 ms apart (a USB
                        // serial adapter's default latency timer), not one write and one pty transfer per character.
                        ch.pipeline().addLast(new LineSpeedShaper(slowestFaultBaud()
                                .map(settings::withBaudRate).orElse(settings), SERIAL_RELEASE_INTERVAL));
                        installServer(ch, link);
                    }
                });
        bootstrap.connect(new SerialAddress(settings)).addListener(f -> {
            if (f.isSuccess()) {
                serverChannel = ((io.netty.channel.ChannelFuture) f).channel();
                served = link.withSerialPort(harnessEnd.toString());
                started.complete(served);
            } else {
                pty.close();
                started.completeExceptionally(new SimulatorException("cannot start the simulator of DMC " + dmc.id()
                        + " on serial port " + simulatorEnd + ": " + f.cause().getMessage(), f.cause()));
            }
        });
        return started;
    }

    /** The slowest line a device's line-speed fault asks for: the devices of an installation share its line. */
    private Optional<Integer> slowestFaultBaud() {
        return faults.values().stream().flatMap(f -> f.lineBaud().stream()).min(Integer::compare);
    }

    /** The link as served (bound port or pty path); only meaningful after {@link #start()} completed. */
    public LinkSpec servedLink() {
        LinkSpec l = served;
        if (l == null) {
            throw new IllegalStateException("the simulator of DMC " + dmc.id() + " is not started");
        }
        return l;
    }

    public LabDmc dmc() {
        return dmc;
    }

    /** The event loop every connection, push and timer of this installation runs on. */
    public EventLoop eventLoop() {
        return loop;
    }

    /** The bound TCP address; only meaningful after {@link #start()} completed on a TCP link. */
    public InetSocketAddress address() {
        Channel ch = serverChannel;
        if (ch == null || !(ch.localAddress() instanceof InetSocketAddress a)) {
            throw new IllegalStateException("the simulator of DMC " + dmc.id() + " is not started on a TCP port");
        }
        return a;
    }

    public List<SimulatedDevice> devices() {
        return List.copyOf(devices.values());
    }

    public Optional<SimulatedDevice> device(String deviceId) {
        return devices.values().stream().filter(d -> d.id().equals(deviceId)).findFirst();
    }

    public List<SimulatedEndpoint> endpoints() {
        String link = servedLink().toString();
        return devices.values().stream().map(d -> new SimulatedEndpoint(dmc.id(), d.id(), d.declaration().type(),
                d.profile().id(), link, d.logicalDevice())).toList();
    }

    /**
     * Stops answering at once, as a device does when its power is cut: the port is closed and every open connection
     * is dropped without a release.
     */
    public void kill() {
        LoopAffinity.Registration a = affinity;
        if (a != null) {
            a.close();
        }
        Channel ch = serverChannel;
        if (ch != null) {
            ch.close().syncUninterruptibly();
        }
        connections.close().syncUninterruptibly();
        PtyPair p = pty;
        if (p != null) {
            // The line disappears with the meter, as when a probe's cable is pulled.
            p.kill(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        kill();
    }
}
