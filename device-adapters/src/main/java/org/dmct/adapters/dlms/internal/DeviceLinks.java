package org.dmct.adapters.dlms.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LinkSpec;
import org.dmct.dlms.RawFrameListener;
import org.dmct.dlms.hdlc.HdlcClientSettings;
import org.dmct.dlms.hdlc.HdlcParameters;
import org.dmct.dlms.hdlc.HdlcPipeline;
import org.dmct.dlms.wrapper.WrapperPipeline;
import org.dmct.link.SocketTransport;
import org.dmct.link.serial.SerialAddress;
import org.dmct.link.serial.SerialChannel;
import org.dmct.link.serial.SerialPortSettings;

/**
 * Opens the channel of one association according to the DMC's link: a TCP connection with the DLMS wrapper, a TCP
 * connection carrying HDLC (a serial-to-IP converter), or a serial port carrying HDLC. Whatever the link, the
 * handler the association adds last sees the same messages: decoded APDUs, and the link's own failures.
 */
final class DeviceLinks {
    /** HDLC polls a silent device this many times before the link fails; the request timeout bounds the whole. */
    private static final int HDLC_RETRIES = 3;

    private DeviceLinks() {
    }

    /** {@code line}: the DMC's shared serial line, whose open port a serial link joins; null for TCP links. */
    static ChannelFuture connect(LinkSpec link, LabDevice device, EventLoop loop, Duration timeout,
                                 RawFrameListener frames, ChannelHandler last, SharedLine line) {
        int clientAddress = device.profile().protocol().clientAddress();
        Bootstrap bootstrap = new Bootstrap().group(loop);
        SocketAddress remote;
        if (link.transport() == LinkSpec.Transport.HDLC_SERIAL) {
            bootstrap.channel(SerialChannel.class);
            // Joining the DMC's line keeps its port open across the switches between logical devices.
            remote = line != null ? line.port().address() : new SerialAddress(serialSettings(link.serial()));
        } else {
            bootstrap.channel(SocketTransport.socketChannel(loop)).option(ChannelOption.TCP_NODELAY, true);
            remote = new InetSocketAddress(link.host(), link.port());
        }
        bootstrap.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (link.transport() == LinkSpec.Transport.TCP_WRAPPER) {
                            WrapperPipeline.install(ch.pipeline(), clientAddress, device.logicalDevice(), frames);
                        } else {
                            HdlcPipeline.installClient(ch.pipeline(), hdlcSettings(link, device, timeout), frames);
                        }
                        ch.pipeline().addLast(last);
                    }
                });
        return bootstrap.connect(remote);
    }

    /** The HDLC client settings of one device: its addresses, the lab's proposals, and polls within the timeout. */
    static HdlcClientSettings hdlcSettings(LinkSpec link, LabDevice device, Duration requestTimeout) {
        LinkSpec.HdlcOptions o = link.hdlc() == null ? LinkSpec.HdlcOptions.DEFAULTS : link.hdlc();
        // Poll often enough that a lost frame is recovered well inside one request's timeout.
        Duration poll = requestTimeout.dividedBy(HDLC_RETRIES + 2);
        if (poll.compareTo(Duration.ofMillis(100)) < 0) {
            poll = Duration.ofMillis(100);
        }
        return new HdlcClientSettings(device.profile().protocol().clientAddress(), device.logicalDevice(),
                o.physicalAddress(), o.addressSize(), HdlcParameters.symmetric(o.maxInformationLength(),
                o.windowSize()), poll, o.interFrameTimeout(), HDLC_RETRIES);
    }

    static SerialPortSettings serialSettings(LinkSpec.SerialLine line) {
        SerialPortSettings.Parity parity = SerialPortSettings.Parity.valueOf(line.parity().name());
        SerialPortSettings.StopBits stop = switch (line.stopBits()) {
            case 15 -> SerialPortSettings.StopBits.ONE_POINT_FIVE;
            case 20 -> SerialPortSettings.StopBits.TWO;
            default -> SerialPortSettings.StopBits.ONE;
        };
        return new SerialPortSettings(line.port(), line.baud(), line.dataBits(), parity, stop);
    }
}
