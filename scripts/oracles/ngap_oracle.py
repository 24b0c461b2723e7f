#!/usr/bin/env python3
"""Reference data for NGAP over SCTP, from tshark (one run per capture) and pycrate 0.8.1 (this process).

Writes, into the output folder:
  ngap_pdus.jsonl            one object per NGAP-PDU that tshark dissects in an SCTP DATA chunk
  sctp_retransmissions.jsonl one object per DATA chunk that tshark flags as a retransmitted TSN
                             (tshark does not hand those chunks to NGAP, so they are not in ngap_pdus.jsonl)
  captures.json              per capture: counts, tshark version and the exact tshark command
See scripts/oracles/README.md for every field.

Usage: ngap_oracle.py CAPTURE_DIR OUT_DIR [--jobs N]
"""
import concurrent.futures
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pycrate_ngap import decode_aper  # noqa: E402

CAPTURE_SUFFIXES = (".pcap", ".pcapng", ".cap")
NGAP_PORT = 38412
NGAP_PPID = 60
DATA_CHUNK_HEADER = 16

TSHARK_ARGS = [
    "-n",
    "-o", "sctp.reassembly:TRUE",   # the 4.0.17 default, made explicit
    "-o", "sctp.tsn_analysis:TRUE",  # the 4.0.17 default: retransmitted TSNs are flagged and not dissected
    "-o", "sctp.relative_tsns:FALSE",
    "-Y", "sctp.chunk_type == 0",
    "-T", "json", "-x",
]


def pairs(obj):
    return obj if isinstance(obj, list) and (not obj or isinstance(obj[0], tuple)) else []


def first(items, key, default=None):
    for k, v in items:
        if k == key:
            return v
    return default


def walk(items, visit):
    """Depth-first, in tshark order, over (key, value) pairs of a tshark JSON tree."""
    for k, v in items:
        visit(k, v)
        sub = pairs(v)
        if sub:
            walk(sub, visit)


def data_chunks(sctp_items):
    """DATA chunks of one sctp layer, in order, with their offsets in the frame."""
    chunks = []
    for key, value in sctp_items:
        if not key.startswith("DATA chunk"):
            continue
        items = pairs(value)
        type_raw = first(items, "sctp.chunk_type_raw")
        # With sctp.relative_tsns off, tshark names the absolute TSN sctp.data_tsn_raw.
        tsn_tree = pairs(first(items, "sctp.data_tsn_raw_tree") or first(items, "sctp.data_tsn_tree", []))
        tsn = first(items, "sctp.data_tsn_raw") or first(items, "sctp.data_tsn", "0")
        retrans_of = first(tsn_tree, "sctp.retransmission")
        chunks.append({
            "offset": int(type_raw[1]) if type_raw else None,
            "length": int(first(items, "sctp.chunk_length", "0")),
            "tsn": int(tsn),
            "sid": int(first(items, "sctp.data_sid", "0"), 0),
            "ssn": int(first(items, "sctp.data_ssn", "0")),
            "ppid": int(first(items, "sctp.data_payload_proto_id", "0")),
            "retransmissionOf": int(retrans_of) if retrans_of is not None else None,
        })
    return chunks


def ngap_fields(ngap_items):
    """procedureCode (first), every ngap.id and every NAS-PDU octet string, in tshark order."""
    found = {"procedureCode": None, "ieIds": [], "nasPdus": [], "nasPduFields": [], "malformed": False}

    def visit(key, value):
        if key == "ngap.procedureCode" and found["procedureCode"] is None:
            found["procedureCode"] = int(value)
        elif key == "ngap.id":
            found["ieIds"].append(int(value))
        elif key.startswith("ngap.") and key.endswith("NAS_PDU_raw") and isinstance(value, list):
            found["nasPdus"].append(value[0])
            found["nasPduFields"].append(key[: -len("_raw")])
        elif key.startswith("_ws.malformed"):
            found["malformed"] = True

    walk(ngap_items, visit)
    return found


def run_tshark(path):
    cmd = ["tshark", "-r", path] + TSHARK_ARGS
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if proc.returncode != 0:
        raise RuntimeError("tshark failed on %s: %s" % (path, proc.stderr.decode(errors="replace")))
    text = proc.stdout.decode("utf-8", errors="replace").strip()
    return json.loads(text, object_pairs_hook=list) if text else []


def is_ngap_chunk(chunk, sport, dport):
    return chunk["ppid"] == NGAP_PPID or NGAP_PORT in (sport, dport)


def extract(name, packets):
    """PDU records and retransmission records of one capture, from tshark's JSON."""
    pdus, retransmissions = [], []
    for packet in packets:
        layers = first(first(packet, "_source"), "layers")
        frame = first(layers, "frame")
        frame_no = int(first(frame, "frame.number"))
        time = first(frame, "frame.time_epoch")
        frame_hex = first(layers, "frame_raw")[0]
        src = dst = None
        sport = dport = None
        pending = []  # non-retransmitted NGAP DATA chunks not yet paired with an ngap layer
        index = 0
        layer_list = list(layers)
        for position, (key, value) in enumerate(layer_list):
            items = pairs(value)
            if key in ("ip", "ipv6"):
                prefix = key + "."
                src, dst = first(items, prefix + "src"), first(items, prefix + "dst")
            elif key == "sctp":
                # tshark splits the sctp layer after each dissected chunk; later parts have no header fields.
                if first(items, "sctp.srcport") is not None:
                    sport = int(first(items, "sctp.srcport"))
                    dport = int(first(items, "sctp.dstport"))
                for chunk in data_chunks(items):
                    chunk.update(src=src, dst=dst, sport=sport, dport=dport)
                    if chunk["retransmissionOf"] is not None:
                        start = chunk["offset"] + DATA_CHUNK_HEADER
                        end = chunk["offset"] + chunk["length"]
                        retransmissions.append({
                            "file": name, "frame": frame_no, "time": time,
                            "retransmissionOf": chunk["retransmissionOf"],
                            "tsn": chunk["tsn"], "sid": chunk["sid"], "ssn": chunk["ssn"], "ppid": chunk["ppid"],
                            "src": src, "dst": dst, "sport": sport, "dport": dport,
                            "ngap": is_ngap_chunk(chunk, sport, dport),
                            "hex": frame_hex[2 * start: 2 * end],
                        })
                    elif is_ngap_chunk(chunk, sport, dport):
                        pending.append(chunk)
            elif key == "ngap":
                raw = layer_list[position - 1][1] if position > 0 and layer_list[position - 1][0] == "ngap_raw" else None
                if raw is None:
                    raise RuntimeError("%s frame %d: ngap layer without ngap_raw" % (name, frame_no))
                hex_bytes, offset = raw[0], int(raw[1])
                # Pair by offset (payload starts 16 bytes after the chunk header); fall back to order.
                match = next((c for c in pending if c["offset"] + DATA_CHUNK_HEADER == offset), None)
                if match is None and pending:
                    match = pending[0]
                if match is None:
                    raise RuntimeError("%s frame %d: ngap layer with no DATA chunk" % (name, frame_no))
                pending.remove(match)
                fields = ngap_fields(items)
                if position + 1 < len(layer_list) and layer_list[position + 1][0].startswith("_ws.malformed"):
                    fields["malformed"] = True
                record = {
                    "file": name, "frame": frame_no, "index": index, "time": time,
                    "hex": hex_bytes,
                    "ppid": match["ppid"], "src": match["src"], "dst": match["dst"],
                    "sport": match["sport"], "dport": match["dport"],
                    "tsn": match["tsn"], "sid": match["sid"], "ssn": match["ssn"],
                    "retransmission": False,
                }
                record.update(fields)
                pdus.append(record)
                index += 1
    return pdus, retransmissions


def add_pycrate(record):
    result = decode_aper(bytes.fromhex(record["hex"]))
    if "error" in result:
        record["pycrate_error"] = result["error"]
    else:
        record["pycrate_aper"] = result["aper"]
        record["pycrate_jer"] = result["jer"]
        record["pycrate_consumed_bits"] = result["consumedBits"]


def tshark_version():
    out = subprocess.run(["tshark", "--version"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False).stdout.decode()
    return out.splitlines()[0] if out else "unknown"


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    capture_dir, out_dir = argv[1], argv[2]
    jobs = int(argv[argv.index("--jobs") + 1]) if "--jobs" in argv else 2
    if not os.path.isdir(capture_dir):
        sys.stderr.write("ngap_oracle: capture folder not found: %s\n" % capture_dir)
        return 1
    names = sorted(n for n in os.listdir(capture_dir) if n.endswith(CAPTURE_SUFFIXES))
    if not names:
        sys.stderr.write("ngap_oracle: no captures in %s\n" % capture_dir)
        return 1
    os.makedirs(out_dir, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        parsed = list(pool.map(lambda n: run_tshark(os.path.join(capture_dir, n)), names))

    summary = {"tshark": tshark_version(), "tsharkArgs": TSHARK_ARGS, "pycrate": "0.8.1", "captures": {}}
    tmp_pdus = os.path.join(out_dir, "ngap_pdus.jsonl.tmp")
    tmp_retx = os.path.join(out_dir, "sctp_retransmissions.jsonl.tmp")
    with open(tmp_pdus, "w") as out_pdus, open(tmp_retx, "w") as out_retx:
        for name, packets in zip(names, parsed):
            pdus, retransmissions = extract(name, packets)
            for record in pdus:
                add_pycrate(record)
                out_pdus.write(json.dumps(record, separators=(",", ":")) + "\n")
            for record in retransmissions:
                out_retx.write(json.dumps(record, separators=(",", ":")) + "\n")
            summary["captures"][name] = {
                "framesWithNGAP": len({p["frame"] for p in pdus}),
                "ngapPDUs": len(pdus),
                "retransmittedDataChunks": len(retransmissions),
                "framesWithRetransmissions": len({r["frame"] for r in retransmissions}),
                "pduWithTrailingBytes": sum(
                    1 for p in pdus if "pycrate_consumed_bits" in p and p["pycrate_consumed_bits"] < 4 * len(p["hex"])),
                "pycrateErrors": sum(1 for p in pdus if "pycrate_error" in p),
                "malformed": sum(1 for p in pdus if p["malformed"]),
            }
    os.replace(tmp_pdus, os.path.join(out_dir, "ngap_pdus.jsonl"))
    os.replace(tmp_retx, os.path.join(out_dir, "sctp_retransmissions.jsonl"))
    with open(os.path.join(out_dir, "captures.json"), "w") as out:
        json.dump(summary, out, indent=1, sort_keys=True)
        out.write("\n")
    total = sum(c["ngapPDUs"] for c in summary["captures"].values())
    sys.stderr.write("ngap_oracle: %d captures, %d NGAP PDUs -> %s\n" % (len(names), total, out_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
