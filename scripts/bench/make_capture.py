#!/usr/bin/env python3
"""Writes a large pcap of real NGAP-PDUs for throughput comparisons (scripts/compare-decoders).

Takes every NGAP-PDU tshark dissects in the shared captures (the oracle's ngap_pdus.jsonl, bytes as carried)
and repeats the mix until COUNT PDUs, one SCTP DATA chunk (PPID 60, port 38412) per packet, raw IPv4 link.
TSNs increase per direction so no copy is a retransmission; checksums are left zero (neither tshark,
by default, nor CoreGate verifies them).

Usage: make_capture.py ORACLE_JSONL OUT.pcap COUNT
"""
import json
import struct
import sys


def main(oracle, out_path, count):
    pdus = [bytes.fromhex(json.loads(line)["hex"]) for line in open(oracle)]
    if not pdus:
        sys.exit("make_capture: no PDUs in " + oracle)
    with open(out_path, "wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 101))  # LINKTYPE_RAW
        tsn = [1000, 5000000]
        for i in range(count):
            pdu = pdus[i % len(pdus)]
            uplink = i % 2
            chunk = struct.pack(">BBHIHHI", 0, 3, 16 + len(pdu), tsn[uplink], 1, i & 0xFFFF, 60) + pdu
            chunk += b"\0" * ((4 - len(chunk) % 4) % 4)
            tsn[uplink] += 1
            ports = (40000, 38412) if uplink else (38412, 40000)
            sctp = struct.pack(">HHII", ports[0], ports[1], 0x1234 + uplink, 0) + chunk
            src, dst = ((10, 0, 0, 1), (10, 0, 0, 2)) if uplink else ((10, 0, 0, 2), (10, 0, 0, 1))
            ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(sctp), i & 0xFFFF, 0, 64, 132, 0,
                             bytes(src), bytes(dst)) + sctp
            out.write(struct.pack("<IIII", 1700000000 + i // 1000, (i % 1000) * 1000, len(ip), len(ip)) + ip)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
