package org.dmct.sim;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.spi.SecretResolver;
import org.dmct.dlms.RawFrameListener;
import org.dmct.dlms.wrapper.WrapperFrameDecoder;
import org.dmct.dlms.wrapper.WrapperFrameEncoder;
import org.dmct.sim.device.SimulatedDevice;
import org.dmct.sim.internal.InstallationServerHandler;
import org.dmct.sim.internal.PushSender;

/**
 * A simulated SMETS1 installation: the devices of one DMC (the hub's own function, the ESME, the GSME behind the
 * hub), each a logical device built from its profile, served over the DLMS TCP wrapper on one port of its own. It
 * binds to the host and port of the DMC's link (loopback in the CI lab); port 0 takes any free port. The devices'
 * alerts go to the connections with an association open to them, else to the DMC's push destination, if it has one.
 */
public final class InstallationSimulator implements AutoCloseable {
    private final LabDmc dmc;
    private final EventLoopGroup group;
    private final SecretResolver secrets;
    private final Map<Integer, SimulatedDevice> devices = new LinkedHashMap<>();
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private volatile Channel serverChannel;

    public InstallationSimulator(LabDmc dmc, EventLoopGroup group, Clock clock, SecretResolver secrets) {
        this.dmc = dmc;
        this.group = group;
        this.secrets = secrets;
        for (LabDevice d : dmc.devices()) {
            SimulatedDevice device = new SimulatedDevice(d, clock);
            dmc.pushDestination().ifPresent(p -> device.pushTo(new PushSender(group, p)));
            devices.put(d.logicalDevice(), device);
        }
    }

    /** Binds the installation's port; completes with the bound address, or fails naming the DMC and address. */
    public CompletableFuture<InetSocketAddress> start() {
        CompletableFuture<InetSocketAddress> started = new CompletableFuture<>();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline()
                                .addLast(new WrapperFrameDecoder(0xFFFF, RawFrameListener.NO_OP))
                                .addLast(new WrapperFrameEncoder(RawFrameListener.NO_OP))
                                .addLast(new InstallationServerHandler(devices, secrets));
                    }
                });
        InetSocketAddress wanted = new InetSocketAddress(dmc.link().host(), dmc.link().port());
        bootstrap.bind(wanted).addListener(f -> {
            if (f.isSuccess()) {
                serverChannel = ((io.netty.channel.ChannelFuture) f).channel();
                started.complete((InetSocketAddress) serverChannel.localAddress());
            } else {
                started.completeExceptionally(new SimulatorException("cannot start the simulator of DMC " + dmc.id()
                        + " on " + wanted.getHostString() + ":" + wanted.getPort() + ": " + f.cause().getMessage(),
                        f.cause()));
            }
        });
        return started;
    }

    public LabDmc dmc() {
        return dmc;
    }

    /** The bound address; only meaningful after {@link #start()} completed. */
    public InetSocketAddress address() {
        Channel ch = serverChannel;
        if (ch == null) {
            throw new IllegalStateException("the simulator of DMC " + dmc.id() + " is not started");
        }
        return (InetSocketAddress) ch.localAddress();
    }

    public List<SimulatedDevice> devices() {
        return List.copyOf(devices.values());
    }

    public Optional<SimulatedDevice> device(String deviceId) {
        return devices.values().stream().filter(d -> d.id().equals(deviceId)).findFirst();
    }

    public List<SimulatedEndpoint> endpoints() {
        InetSocketAddress a = address();
        return devices.values().stream().map(d -> new SimulatedEndpoint(dmc.id(), d.id(), d.declaration().type(),
                d.profile().id(), a.getHostString(), a.getPort(), d.logicalDevice())).toList();
    }

    /**
     * Stops answering at once, as a device does when its power is cut: the port is closed and every open connection
     * is dropped without a release.
     */
    public void kill() {
        Channel ch = serverChannel;
        if (ch != null) {
            ch.close().syncUninterruptibly();
        }
        connections.close().syncUninterruptibly();
    }

    @Override
    public void close() {
        kill();
    }
}
