package io.conntrack4j.netlink.jna;

import com.sun.jna.Native;
import io.conntrack4j.error.Errno;
import io.conntrack4j.error.KernelException;
import io.conntrack4j.error.Operation;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Opens netlink sockets inside another network namespace without moving the caller's thread: a dedicated thread
 * enters the namespace once ({@code setns}) and creates every socket; a socket stays bound to the namespace it was
 * created in, whatever thread uses it later.
 */
public final class NamespaceSockets implements Supplier<JnaNetlinkSocket>, AutoCloseable {
    private final Path namespace;
    private final ExecutorService thread;

    private NamespaceSockets(final Path namespace) {
        this.namespace = namespace;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "conntrack4j-netns-" + namespace.getFileName());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param namespace a network namespace file: {@code /var/run/netns/NAME} or {@code /proc/PID/ns/net}
     * @return a socket source for that namespace
     * @throws KernelException if the namespace cannot be entered (ENOENT: no such namespace; EPERM: not root)
     */
    public static NamespaceSockets of(final Path namespace) {
        final NamespaceSockets sockets = new NamespaceSockets(namespace);
        try {
            sockets.call(() -> {
                enter(namespace);
                return null;
            });
            return sockets;
        } catch (final RuntimeException e) {
            sockets.close();
            throw e;
        }
    }

    private static void enter(final Path namespace) {
        final int fd = LibC.open(namespace.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw new KernelException(Operation.SOCKET, Errno.of(Native.getLastError()), "open " + namespace, null);
        }
        try {
            if (LibC.setns(fd, LibC.CLONE_NEWNET) != 0) {
                throw new KernelException(Operation.SOCKET, Errno.of(Native.getLastError()), "setns " + namespace,
                    null);
            }
        } finally {
            LibC.close(fd);
        }
    }

    @Override
    public JnaNetlinkSocket get() {
        return call(JnaNetlinkSocket::open);
    }

    private <T> T call(final java.util.concurrent.Callable<T> task) {
        final Future<T> result = thread.submit(task);
        try {
            return result.get();
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening a socket in " + namespace, e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    @Override
    public String toString() {
        return "sockets in " + namespace;
    }
}
