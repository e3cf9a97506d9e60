package io.conntrack4j.error;

import io.conntrack4j.model.Tuple;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Errors are values with context: errno names, operations, subjects and hints. */
class ErrorsTest {

    @Test
    void errnoOfKnownAndUnknownNumbers() {
        assertThat(Errno.of(2)).isSameAs(Errno.ENOENT);
        assertThat(Errno.of(-2)).as("a netlink error code is negative").isSameAs(Errno.ENOENT);
        assertThat(Errno.of(1)).isEqualTo(Errno.EPERM);
        assertThat(Errno.of(17).name()).isEqualTo("EEXIST");
        assertThat(Errno.of(95)).isEqualTo(Errno.EOPNOTSUPP);
        assertThat(Errno.of(524)).isEqualTo(Errno.ENOTSUPP);
        assertThat(Errno.of(105).name()).isEqualTo("ENOBUFS");
        final Errno unknown = Errno.of(999);
        assertThat(unknown.number()).isEqualTo(999);
        assertThat(unknown.name()).isEqualTo("errno 999");
        assertThat(unknown.description()).isEqualTo("Unknown error 999");
        assertThat(Errno.of(-999)).isEqualTo(unknown);
        assertThat(Errno.ENOENT).hasToString("ENOENT (2, No such file or directory)");
        for (final Errno e : new Errno[] {Errno.EPERM, Errno.ENOENT, Errno.EINTR, Errno.EAGAIN, Errno.ENOMEM,
            Errno.EBUSY, Errno.EEXIST, Errno.EINVAL, Errno.ENOSPC, Errno.ERANGE, Errno.ETIME, Errno.EMSGSIZE,
            Errno.EPROTONOSUPPORT, Errno.EOPNOTSUPP, Errno.EAFNOSUPPORT, Errno.ENOBUFS, Errno.ENOTSUPP}) {
            assertThat(Errno.of(e.number())).as(e.name()).isSameAs(e);
        }
    }

    @Test
    void kernelExceptionMessageHasOperationErrnoSubjectAndHint() {
        final Tuple t = Tuple.tcp("10.0.0.1", "10.0.0.2", 1234, 80);
        final KernelException e = new KernelException(Operation.DELETE, Errno.EPERM, t, null);
        assertThat(e.getMessage()).contains("delete").contains("EPERM").contains("CAP_NET_ADMIN")
            .contains(t.toString());
        assertThat(e.getMessage()).startsWith("delete failed: EPERM (1, Operation not permitted)");
        assertThat(e.operation()).isEqualTo(Operation.DELETE);
        assertThat(e.errno()).isEqualTo(Errno.EPERM);
        assertThat(e.subject()).contains(t.toString());
        assertThat(e.hint().get()).contains("CAP_NET_ADMIN");
        assertThat(e).isInstanceOf(ConntrackException.class);
    }

    @Test
    void kernelExceptionHints() {
        assertThat(new KernelException(Operation.DUMP, Errno.EPERM, null, null).getMessage())
            .startsWith("dump failed: EPERM").contains("CAP_NET_ADMIN");
        assertThat(new KernelException(Operation.UPDATE, Errno.EPERM, null, null).hint().get())
            .contains("FIXED_TIMEOUT").contains("CAP_NET_ADMIN");
        assertThat(new KernelException(Operation.DUMP, Errno.EOPNOTSUPP, "filter", null).getMessage())
            .contains("EOPNOTSUPP").contains("too old").contains("[filter]");
        assertThat(new KernelException(Operation.FLUSH, Errno.EOPNOTSUPP, null, null).hint().get())
            .contains("too old");
        assertThat(new KernelException(Operation.SOCKET, Errno.EPROTONOSUPPORT, null, null).hint().get())
            .contains("nf_conntrack_netlink");
        assertThat(new KernelException(Operation.UPDATE, Errno.EBUSY, null, null).hint().get())
            .contains("SEEN_REPLY");
        assertThat(new KernelException(Operation.UPDATE, Errno.ENOSPC, null, null).hint().get()).contains("label");
        assertThat(new KernelException(Operation.SUBSCRIBE, Errno.ENOBUFS, null, null).hint().get())
            .contains("events were lost");
        final KernelException plain = new KernelException(Operation.CREATE, Errno.EEXIST, null, "exists");
        assertThat(plain.hint()).isEmpty();
        assertThat(plain.subject()).isEmpty();
        assertThat(plain.getMessage()).isEqualTo("create failed: EEXIST (17, File exists): exists");
        final RuntimeException cause = new RuntimeException("io");
        assertThat(new KernelException(Operation.GET, Errno.ENOENT, null, null, cause).getCause()).isSameAs(cause);
    }

    @Test
    void invalidValueAndDecodeExceptions() {
        final InvalidValueException e = new InvalidValueException("sport", 70000, "must be 0..65535");
        assertThat(e.field()).isEqualTo("sport");
        assertThat(e.value()).isEqualTo("70000");
        assertThat(e.getMessage()).isEqualTo("invalid sport: 70000 (must be 0..65535)");
        final DecodeException d = new DecodeException(12, "attribute past the end");
        assertThat(d.offset()).isEqualTo(12);
        assertThat(d.getMessage()).contains("offset 12").contains("attribute past the end");
    }
}
