#!/usr/bin/env python3
"""A small DNS responder on 127.0.0.1 for scripts/cares-test.sh.

Written for the c-ares integration test: it answers a fixed zone,
p3net.test, over UDP and over TCP on one port the system picks, writes
that port to the file named on the command line, and serves until killed.
Over TCP nothing is truncated (the way a client gets the whole of a
truncated UDP answer).

  a.p3net.test      A     192.0.2.1, 192.0.2.2
  v6.p3net.test     AAAA  2001:db8::1
  both.p3net.test   A     192.0.2.3 and AAAA 2001:db8::3
  big.p3net.test    A     40 records; over UDP truncated: TC set, first 3 only
  silent.p3net.test       never answered (a server that does not answer)
  anything else           NXDOMAIN
Names match case-insensitively and the question is echoed as received
(c-ares may randomize its case); other types of a known name get an empty
NOERROR answer.
"""
import os
import socket
import struct
import sys
import threading

A, AAAA = 1, 28
ZONE = {
    "a.p3net.test": {A: ["192.0.2.1", "192.0.2.2"]},
    "v6.p3net.test": {AAAA: ["2001:db8::1"]},
    "both.p3net.test": {A: ["192.0.2.3"], AAAA: ["2001:db8::3"]},
    "big.p3net.test": {A: ["198.51.100.%d" % i for i in range(1, 41)]},
}
TRUNCATED = {"big.p3net.test": 3}
SILENT = {"silent.p3net.test"}


def parse_question(msg):
    """(id, flags, name, qtype, qclass, end of the question) of a query."""
    qid, flags, qd = struct.unpack("!HHH", msg[:6])
    if qd != 1:
        raise ValueError("one question expected")
    at, labels = 12, []
    while True:
        n = msg[at]
        at += 1
        if n == 0:
            break
        labels.append(msg[at:at + n].decode("ascii"))
        at += n
    qtype, qclass = struct.unpack("!HH", msg[at:at + 4])
    return qid, flags, ".".join(labels), qtype, qclass, at + 4


def rdata(qtype, text):
    if qtype == A:
        return socket.inet_pton(socket.AF_INET, text)
    return socket.inet_pton(socket.AF_INET6, text)


def answer(msg, tcp=False):
    qid, qflags, name, qtype, qclass, qend = parse_question(msg)
    key = name.lower().rstrip(".")
    if key in SILENT:
        return None
    question = msg[12:qend]
    flags = 0x8000 | 0x0400 | (qflags & 0x0100) | 0x0080  # QR, AA, RD as asked, RA
    records = []
    if key not in ZONE:
        flags |= 3  # NXDOMAIN
    else:
        values = ZONE[key].get(qtype, [])
        if not tcp and key in TRUNCATED and len(values) > TRUNCATED[key]:
            values = values[:TRUNCATED[key]]
            flags |= 0x0200  # TC
        for v in values:
            data = rdata(qtype, v)
            # The name as a pointer to the question (offset 12), TTL 300.
            records.append(struct.pack("!HHHIH", 0xC00C, qtype, qclass, 300, len(data)) + data)
    head = struct.pack("!HHHHHH", qid, flags, 1, len(records), 0, 0)
    return head + question + b"".join(records)


def recv_exactly(conn, n):
    data = b""
    while len(data) < n:
        more = conn.recv(n - len(data))
        if not more:
            raise EOFError
        data += more
    return data


def serve_tcp(conn):
    """DNS over TCP: each message has a two-byte length in front."""
    conn.settimeout(10)
    try:
        while True:
            (n,) = struct.unpack("!H", recv_exactly(conn, 2))
            reply = answer(recv_exactly(conn, n), tcp=True)
            if reply is not None:
                conn.sendall(struct.pack("!H", len(reply)) + reply)
    except (EOFError, OSError, ValueError, IndexError, UnicodeDecodeError):
        pass
    finally:
        conn.close()


def accept_tcp(listener):
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve_tcp, args=(conn,), daemon=True).start()


def main():
    # One port for both: bind UDP to a free port, then TCP to the same.
    for _ in range(20):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            listener.bind(("127.0.0.1", port))
            break
        except OSError:
            sock.close()
            listener.close()
    else:
        sys.exit("no port free for both UDP and TCP")
    listener.listen(8)
    threading.Thread(target=accept_tcp, args=(listener,), daemon=True).start()
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    while True:
        msg, peer = sock.recvfrom(4096)
        try:
            reply = answer(msg)
        except (ValueError, IndexError, UnicodeDecodeError):
            continue
        if reply is not None:
            sock.sendto(reply, peer)


if __name__ == "__main__":
    main()
