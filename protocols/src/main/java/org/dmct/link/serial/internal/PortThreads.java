package org.dmct.link.serial.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names and creates the daemon threads a serial channel uses for blocking jSerialComm calls, so that thread
 * dumps show which port a stuck thread belongs to and a forgotten channel never keeps the JVM alive.
 */
public final class PortThreads {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private PortThreads() { }

    /**
     * A single thread running opens and writes in order.
     *
     * @param port the port name, for the thread name
     * @return the executor
     */
    public static ExecutorService ioExecutor(String port) {
        return Executors.newSingleThreadExecutor(factory("dmct-serial-io " + port));
    }

    /**
     * A daemon thread, not yet started.
     *
     * @param role what it does, for the thread name
     * @param port the port name, for the thread name
     * @param task what it runs
     * @return the thread
     */
    public static Thread newThread(String role, String port, Runnable task) {
        return factory("dmct-serial-" + role + " " + port).newThread(task);
    }

    private static ThreadFactory factory(String name) {
        return task -> {
            Thread thread = new Thread(task, name + " #" + SEQUENCE.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
