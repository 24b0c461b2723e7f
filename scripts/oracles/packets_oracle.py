#!/usr/bin/env python3
"""Reference data for the user plane and packet checksums, from tshark (one run of each kind per capture).

Writes, into the output folder:
  gtpu_packets.jsonl     one object per GTP-U message tshark dissects directly in a UDP datagram (port 2152)
  packet_checksums.jsonl one object per frame with tshark's checksum verdicts (IPv4 header, UDP, SCTP,
                         ICMP, ICMPv6), in the order tshark meets the layers (outer first)
See scripts/oracles/README.md for every field.

Usage: packets_oracle.py CAPTURE_DIR OUT_DIR [--jobs N]
"""
import concurrent.futures
import json
import os
import subprocess
import sys

CAPTURE_SUFFIXES = (".pcap", ".pcapng", ".cap")
GTPU_PORT = 2152

GTPU_ARGS = ["-n", "-Y", "udp.port == 2152 && gtp", "-T", "json"]
CHECKSUM_ARGS = [
    "-n",
    "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-o", "sctp.checksum:CRC-32C",
    "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,",
    "-e", "frame.number", "-e", "ip.checksum.status", "-e", "udp.checksum.status",
    "-e", "sctp.checksum.status", "-e", "icmp.checksum.status", "-e", "icmpv6.checksum.status",
]


def pairs(obj):
    return obj if isinstance(obj, list) and (not obj or isinstance(obj[0], tuple) or
                                             (isinstance(obj[0], list) and len(obj[0]) == 2 and isinstance(obj[0][0], str))) else []


def first(items, key, default=None):
    for k, v in items:
        if k == key:
            return v
    return default


def tshark(path, args):
    proc = subprocess.run(["tshark", "-r", path] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if proc.returncode != 0:
        raise RuntimeError("tshark failed on %s: %s" % (path, proc.stderr.decode(errors="replace")))
    return proc.stdout.decode("utf-8", errors="replace")


def integer(text):
    return int(text, 0) if text is not None else None


def extension_headers(gtp):
    """[{type, length, ...PDU Session Container fields}] in order, from the gtp layer's pairs."""
    headers = []
    next_type = integer(first(gtp, "gtp.ext_hdr.next"))
    for key, value in gtp:
        if key != "gtp.ext_hdr":
            continue
        items = pairs(value)
        header = {"type": next_type, "length": integer(first(items, "gtp.ext_hdr.length"))}
        container = pairs(first(items, "PDU Session Container", []))
        for field, name in (("gtp.ext_hdr.pdu_ses_con.pdu_type", "pduType"),
                            ("gtp.ext_hdr.pdu_ses_con.qos_flow_id", "qfi"),
                            ("gtp.ext_hdr.pdu_ses_cont.ppp", "ppp"),
                            ("gtp.ext_hdr.pdu_ses_cont.rqi", "rqi"),
                            ("gtp.ext_hdr.pdu_ses_cont.ppi", "ppi")):
            v = first(container, field)
            if v is not None:
                header[name] = integer(v)
        for field, name in (("gtp.ext_hdr.udp_port", "udpPort"), ("gtp.ext_hdr.pdcp_sn", "pdcpSN"),
                            ("gtp.ext_hdr.long_pdcp_sn", "longPDCPSN")):
            v = first(items, field)
            if v is not None:
                header[name] = integer(v)
        headers.append(header)
        next_type = integer(first(items, "gtp.ext_hdr.next"))
    return headers


def inner_packet(layers, after):
    """The first IP layer after the gtp layer: version, addresses, upper protocol."""
    for key, value in layers[after + 1:]:
        items = pairs(value)
        if key == "ip":
            return {"version": 4, "src": first(items, "ip.src"), "dst": first(items, "ip.dst"),
                    "proto": integer(first(items, "ip.proto"))}
        if key == "ipv6":
            return {"version": 6, "src": first(items, "ipv6.src"), "dst": first(items, "ipv6.dst"),
                    "proto": integer(first(items, "ipv6.nxt"))}
    return None


def gtpu_records(name, path):
    text = tshark(path, GTPU_ARGS).strip()
    packets = json.loads(text, object_pairs_hook=list) if text else []
    records = []
    for packet in packets:
        layers = first(first(packet, "_source"), "layers")
        keys = [k for k, _ in layers]
        frame = first(layers, "frame")
        frame_no = int(first(frame, "frame.number"))
        if "udp" not in keys or "gtp" not in keys or keys.index("gtp") != keys.index("udp") + 1:
            continue  # GTP-U quoted inside an ICMP error, or not directly in the first UDP datagram
        udp = first(layers, "udp")
        gtp_index = keys.index("gtp")
        gtp = pairs(layers[gtp_index][1])
        record = {
            "file": name, "frame": frame_no,
            # The UDP payload (of the reassembled datagram when IP fragments were reassembled).
            "hex": first(udp, "udp.payload").replace(":", ""),
            "src": first(first(layers, "ip", []), "ip.src") or first(first(layers, "ipv6", []), "ipv6.src"),
            "dst": first(first(layers, "ip", []), "ip.dst") or first(first(layers, "ipv6", []), "ipv6.dst"),
            "sport": int(first(udp, "udp.srcport")), "dport": int(first(udp, "udp.dstport")),
            "flags": integer(first(gtp, "gtp.flags")),
            "messageType": integer(first(gtp, "gtp.message")),
            "length": int(first(gtp, "gtp.length")),
            "teid": integer(first(gtp, "gtp.teid")),
            "extensionHeaders": extension_headers(gtp),
        }
        for field, key in (("gtp.seq_number", "sequenceNumber"), ("gtp.npdu_number", "nPDUNumber"),
                           ("gtp.recovery", "recovery"), ("gtp.teid_data", "teidDataI")):
            v = first(gtp, field)
            if v is not None:
                record[key] = integer(v)
        peer = first(gtp, "gtp.gsn_ipv4") or first(gtp, "gtp.gsn_ipv6")
        if peer is not None:
            record["peerAddress"] = peer
        types = [integer(v) for k, v in gtp if k == "gtp.ext_hdr_type"]
        if types:
            record["extensionHeaderTypeList"] = types
        if any(k.startswith("_ws.malformed") or k.startswith("_ws.expert") for k, _ in gtp):
            record["expert"] = True
        inner = inner_packet(layers, gtp_index)
        if inner is not None:
            record["inner"] = inner
        records.append(record)
    return records


def checksum_records(name, path):
    records = []
    for line in tshark(path, CHECKSUM_ARGS).splitlines():
        cols = line.split("\t")
        cols += [""] * (6 - len(cols))
        statuses = {}
        for key, col in zip(("ip", "udp", "sctp", "icmp", "icmpv6"), cols[1:]):
            if col:
                statuses[key] = [int(v) for v in col.split(",")]
        if statuses:
            records.append(dict(file=name, frame=int(cols[0]), **statuses))
    return records


def main():
    args = sys.argv[1:]
    jobs = 2
    if "--jobs" in args:
        i = args.index("--jobs")
        jobs = int(args[i + 1])
        del args[i:i + 2]
    capture_dir, out_dir = args
    names = sorted(n for n in os.listdir(capture_dir) if n.endswith(CAPTURE_SUFFIXES))
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        gtpu = list(pool.map(lambda n: gtpu_records(n, os.path.join(capture_dir, n)), names))
        sums = list(pool.map(lambda n: checksum_records(n, os.path.join(capture_dir, n)), names))
    with open(os.path.join(out_dir, "gtpu_packets.jsonl"), "w") as out:
        for records in gtpu:
            for r in records:
                out.write(json.dumps(r, sort_keys=True) + "\n")
    with open(os.path.join(out_dir, "packet_checksums.jsonl"), "w") as out:
        for records in sums:
            for r in records:
                out.write(json.dumps(r, sort_keys=True) + "\n")
    print("packets oracle: %d GTP-U messages, %d frames with checksums" % (sum(map(len, gtpu)), sum(map(len, sums))),
          file=sys.stderr)


if __name__ == "__main__":
    main()
