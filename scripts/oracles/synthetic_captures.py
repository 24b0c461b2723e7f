#!/usr/bin/env python3
"""Writes small synthetic pcap files that exercise SCTP cases the real captures lack (fragmented NGAP
messages out of order, interleaved streams and associations, unordered fragments, bundles mixing fragments
and whole messages, retransmitted fragments). `run` has tshark dissect them like the real ones, so the
Swift tests compare CaptureReader with tshark's reassembly (sctp.reassembly:TRUE) on them.

Usage: synthetic_captures.py OUT_DIR
"""
import os
import struct
import sys

# Real NGAP-PDUs from the shared captures (InitialUEMessage from o5gs-srsgnb-a56-reg.pcap frame 13,
# NGSetupRequest from o5gs-testsuite-registration.pcapng frame 57).
INITIAL_UE = bytes.fromhex(
    "000f40430000050055000340078e00260018177e004179000d0100f110f0ff000000000000102e02f0700079000f4000"
    "f11000066c000000f110000001005a4001180070400100")
NG_SETUP = bytes.fromhex(
    "00150037000004001b00080009f107000100000052400b0400354720674e422d43550066001000000000010009f1070000"
    "10080100000015400100")

B, E, U = 2, 1, 4


def data(tsn, flags, payload, sid=1, ssn=0, ppid=60):
    chunk = struct.pack(">BBHIHHI", 0, flags, 16 + len(payload), tsn, sid, ssn, ppid) + payload
    return chunk + b"\0" * ((4 - len(chunk) % 4) % 4)


def sctp(chunks, vtag=0x11223344, sport=40000, dport=38412):
    return struct.pack(">HHII", sport, dport, vtag, 0) + b"".join(chunks)


def ipv4(payload, src=(10, 0, 0, 1), dst=(10, 0, 0, 2)):
    return struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0, 64, 132, 0,
                       bytes(src), bytes(dst)) + payload


def write(path, packets):
    out = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 101)  # LINKTYPE_RAW
    for i, packet in enumerate(packets):
        frame = ipv4(packet)
        out += struct.pack("<IIII", 1700000000 + i, 1000 * i, len(frame), len(frame)) + frame
    with open(path, "wb") as f:
        f.write(out)


def split(pdu, parts):
    step = (len(pdu) + parts - 1) // parts
    return [pdu[i:i + step] for i in range(0, len(pdu), step)]


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    a = split(INITIAL_UE, 3)
    write(os.path.join(out_dir, "sctp-fragments-out-of-order.pcap"), [
        sctp([data(101, 0, a[1], ssn=4)]),
        sctp([data(103, B | E, NG_SETUP, ssn=5)]),
        sctp([data(102, E, a[2], ssn=4)]),
        sctp([data(100, B, a[0], ssn=4)]),       # completes TSN 100-102
        sctp([data(100, B, a[0], ssn=4)]),       # retransmitted fragment
        sctp([data(103, B | E, NG_SETUP, ssn=5)]),  # retransmitted whole message
    ])
    x, y = split(INITIAL_UE, 2), split(NG_SETUP, 2)
    write(os.path.join(out_dir, "sctp-fragments-interleaved.pcap"), [
        sctp([data(10, B, x[0], sid=1), data(12, B, y[0], sid=2)]),
        sctp([data(500, B, y[0], sid=1)], vtag=0x55667788, sport=40001),
        sctp([data(13, E, y[1], sid=2)]),           # stream 2 completes
        sctp([data(501, E, y[1], sid=1)], vtag=0x55667788, sport=40001),  # other association completes
        sctp([data(11, E, x[1], sid=1)]),           # stream 1 completes
    ])
    u = split(NG_SETUP, 3)
    write(os.path.join(out_dir, "sctp-fragments-unordered-bundled.pcap"), [
        sctp([data(20, B | E, INITIAL_UE, sid=0), data(6, U, u[1], sid=3), data(21, B | E, NG_SETUP, sid=0)]),
        sctp([data(7, U | E, u[2], sid=3)]),
        sctp([data(22, B | E, INITIAL_UE, sid=0), data(5, U | B, u[0], sid=3), data(23, B | E, NG_SETUP, sid=0)]),
    ])
    # With its default relative TSNs, tshark 4.0.17 does not reassemble this message (E arrives first, then a
    # TSN below the first one seen); with absolute TSNs (sctp.relative_tsns:FALSE, as ngap_oracle.py runs it)
    # it does, in frame 3, as CaptureReader does.
    write(os.path.join(out_dir, "sctp-fragments-end-first.pcap"), [
        sctp([data(7, E, u[2], sid=3)]),
        sctp([data(5, B, u[0], sid=3)]),
        sctp([data(6, 0, u[1], sid=3)]),
    ])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
