#!/usr/bin/env python3
"""NAS 5GS oracle: every NAS-PDU of every capture, as tshark and pycrate see it.

Reads every capture in the shared captures folder (env COREGATE_SHARED_DIR, else
<project>/../shared, else /work/shared; the captures are in its captures/ folder),
extracts every NAS-PDU carried in NGAP (NAS-PDU IEs, including the NAS-PDUs inside
PDU session resource lists) with tshark 4.x (`-T json`, null deciphering on), and
writes one JSON line per NAS-PDU to <oracle dir>/nas_messages.jsonl, where the
oracle dir is env COREGATE_ORACLE_DIR, else <project>/.build/oracles.

Each line: file, frame, index (n-th NAS-PDU in the frame), field (the NGAP field
that carried it), hex, ngap (the carrying NGAP-PDU's procedure code, RAN/AMF UE NGAP
IDs, and the frame's IP addresses and SCTP ports: who the UE is, which way it went), tshark (message types in order of appearance in tshark's
tree: the first is the outer plain message; a security-protected message lists
its inner message types after), and pycrate: pycrate 0.8.1's parse_NAS5G (inner
decoding on, null_cipher on) as a tree {err, msg} where msg = {name, epd, sht,
type, ies: [{name, kind, iei, hex | nibble, val, norm?, inner?}], mac?, seq?, inner?}.
`norm` is pycrate's value of a structured IE rewritten into the key layout of
NAS5GS's JSON output (see NASJSON.swift), for the IEs listed in NORMALISERS.

Run: scripts/oracles/nas_reference   (or .venv/bin/python scripts/oracles/nas_reference.py)
"""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pycrate_mobile.NAS5G import parse_NAS5G  # noqa: E402
from nas_reference_norm import NORMALISERS, snssai  # noqa: E402

NAS_FIELDS = ("ngap.NAS_PDU", "ngap.nAS_PDU", "ngap.pDUSessionNAS_PDU")


def shared_dir():
    env = os.environ.get("COREGATE_SHARED_DIR")
    for cand in ([Path(env)] if env else []) + [ROOT.parent / "shared", Path("/work/shared")]:
        if (cand / "captures").is_dir():
            return cand
    sys.exit("nas_reference: no shared folder with captures/ (set COREGATE_SHARED_DIR)")


def jsonable(v):
    if isinstance(v, (bytes, bytearray)):
        return v.hex()
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, (int, float, str, bool)) or v is None:
        return v
    return str(v)


def ie_record(ie):
    """One IE of a pycrate message: its IEI, value bytes and value."""
    kind = type(ie).__name__
    names = list(getattr(ie, "_by_name", []))
    rec = {"name": ie._name, "kind": kind}
    if "T" in names:
        rec["iei"] = ie["T"].get_val()
    value_elts = [e for e in ie if e._name not in ("T", "L")] if names else [ie]
    if kind in ("Type1V", "Type1TV"):
        v = value_elts[0]
        rec["nibble"] = v.to_uint() if hasattr(v, "to_uint") else v.get_val()
        rec["val"] = jsonable(v.get_val())
    elif kind == "Type2":
        pass
    else:
        rec["hex"] = b"".join(e.to_bytes() for e in value_elts).hex()
        if len(value_elts) == 1:
            v = value_elts[0]
            if hasattr(v, "_by_name") and "5GMMHeader" in getattr(v, "_by_name", []) or \
               hasattr(v, "_by_name") and "5GSMHeader" in getattr(v, "_by_name", []) or \
               type(v).__name__.startswith(("FGMM", "FGSM")) and hasattr(v, "_by_name") and len(v._by_name) and v._by_name[0] in ("5GMMHeader", "5GSMHeader", "5GMMHeaderSec"):
                rec["inner"] = msg_record(v)
            else:
                rec["val"] = jsonable(v.get_val())
    norm = NORMALISERS.get(ie._name)
    if ie._name == "SNSSAI" and "hex" in rec:
        norm = lambda v, n=len(rec["hex"]) // 2: snssai(v, n)
    if norm is not None and "val" in rec:
        try:
            rec["norm"] = norm(rec["val"])
        except Exception as exc:  # the oracle's own limits are recorded, not hidden
            rec["norm_error"] = repr(exc)
    return rec


def msg_record(msg):
    hdr = msg[0]
    rec = {"name": msg._name}
    h = {e._name: e.get_val() for e in hdr}
    rec["epd"] = h.get("EPD")
    rec["sht"] = h.get("SecHdr")
    if hdr._name == "5GMMHeaderSec":
        rec["mac"] = msg["MAC"].to_bytes().hex()
        rec["seq"] = msg["Seqn"].get_val()
        inner = msg["NASMessage"] if "NASMessage" in msg._by_name else msg[3]
        if type(inner).__name__ == "Buf":
            rec["inner_hex"] = inner.to_bytes().hex()
        else:
            rec["inner"] = msg_record(inner)
        return rec
    rec["type"] = h.get("Type")
    if "PTI" in h:
        rec["psi"] = h.get("PSI")
        rec["pti"] = h.get("PTI")
    rec["ies"] = [ie_record(ie) for ie in list(msg)[1:] if not ie.get_trans()]
    return rec


def pycrate_record(buf):
    try:
        msg, err = parse_NAS5G(buf, inner=True, null_cipher=True)
    except Exception as exc:
        return {"err": -1, "exception": repr(exc)}
    rec = {"err": err}
    if msg is not None:
        try:
            rec["msg"] = msg_record(msg)
        except Exception as exc:
            rec["record_error"] = repr(exc)
    return rec


def pairs_hook(pairs):
    out = {}
    for k, v in pairs:
        if k in out:
            if not isinstance(out[k], list) or not out.get("__multi__" + k):
                out[k] = [out[k]]
                out["__multi__" + k] = True
            out[k].append(v)
        else:
            out[k] = v
    return out


def items(o, key):
    v = o.get(key)
    if v is None:
        return []
    return v if o.get("__multi__" + key) else [v]


def message_types(tree, acc):
    """mm/sm message types in document order within a NAS-PDU tree."""
    if isinstance(tree, dict):
        for k, v in tree.items():
            if k.startswith("__multi__"):
                continue
            vals = v if tree.get("__multi__" + k) else [v]
            for x in vals:
                if k in ("nas_5gs.mm.message_type", "nas_5gs.sm.message_type"):
                    acc.append({"pd": "mm" if ".mm." in k else "sm", "type": int(x, 0)})
                else:
                    message_types(x, acc)
    elif isinstance(tree, list):
        for x in tree:
            message_types(x, acc)
    return acc


def nas_pdus(tree, acc):
    if isinstance(tree, dict):
        for k, v in tree.items():
            if k.startswith("__multi__"):
                continue
            if k in NAS_FIELDS:
                vals = items(tree, k)
                trees = items(tree, k + "_tree")
                for i, x in enumerate(vals):
                    acc.append((k, x.replace(":", ""), message_types(trees[i] if i < len(trees) else {}, [])))
            elif not k.endswith("_tree") or k[:-5] not in NAS_FIELDS:
                for x in (v if tree.get("__multi__" + k) else [v]):
                    nas_pdus(x, acc)
    elif isinstance(tree, list):
        for x in tree:
            nas_pdus(x, acc)
    return acc


def first_value(tree, key):
    """The first value of `key` anywhere in a tshark JSON tree (document order), or None."""
    if isinstance(tree, dict):
        for k, v in tree.items():
            if k.startswith("__multi__"):
                continue
            if k == key:
                return (v if not tree.get("__multi__" + k) else v[0])
            found = first_value(v, key)
            if found is not None:
                return found
    elif isinstance(tree, list):
        for x in tree:
            found = first_value(x, key)
            if found is not None:
                return found
    return None


def ngap_context(layers, ngap_layer):
    """Procedure code, UE NGAP IDs of one NGAP-PDU, and the frame's addresses and ports."""
    def layer(*names):
        for name in names:
            for v in items(layers, name):
                while isinstance(v, list) and v:
                    v = v[0]
                if isinstance(v, dict):
                    return v
        return {}
    ip = layer("ip", "ipv6")
    sctp = layer("sctp")
    as_int = lambda v: int(v) if v is not None else None
    return {"procedureCode": as_int(first_value(ngap_layer, "ngap.procedureCode")),
            "ranUeNgapId": as_int(first_value(ngap_layer, "ngap.RAN_UE_NGAP_ID")),
            "amfUeNgapId": as_int(first_value(ngap_layer, "ngap.AMF_UE_NGAP_ID")),
            "src": ip.get("ip.src") or ip.get("ipv6.src"), "dst": ip.get("ip.dst") or ip.get("ipv6.dst"),
            "sport": as_int(sctp.get("sctp.srcport")), "dport": as_int(sctp.get("sctp.dstport"))}


def main():
    captures = shared_dir() / "captures"
    out_dir = Path(os.environ.get("COREGATE_ORACLE_DIR") or ROOT / ".build" / "oracles")
    out_dir.mkdir(parents=True, exist_ok=True)
    out_path = out_dir / "nas_messages.jsonl"
    tmp = out_path.with_suffix(".jsonl.tmp")
    total = 0
    with open(tmp, "w") as out:
        for f in sorted(captures.iterdir()):
            if f.suffix not in (".pcap", ".pcapng"):
                continue
            cmd = ["tshark", "-n", "-r", str(f), "-o", "nas-5gs.null_decipher:TRUE",
                   "-Y", " or ".join(NAS_FIELDS), "-T", "json", "--no-duplicate-keys"]
            proc = subprocess.run(cmd, capture_output=True, check=True)
            packets = json.loads(proc.stdout, object_pairs_hook=pairs_hook)
            count = 0
            for pkt in packets:
                layers = pkt["_source"]["layers"]
                frame = int(items(layers, "frame")[0]["frame.number"])
                index = 0
                ngap_layers = []
                for v in items(layers, "ngap"):  # with --no-duplicate-keys, bundled PDUs come as one JSON array
                    ngap_layers.extend(v if isinstance(v, list) else [v])
                for ngap_layer in ngap_layers:
                    context = None
                    for field, hexstr, types in nas_pdus([ngap_layer], []):
                        context = context or ngap_context(layers, ngap_layer)
                        rec = {"file": f.name, "frame": frame, "index": index, "field": field, "hex": hexstr,
                               "ngap": context, "tshark": types, "pycrate": pycrate_record(bytes.fromhex(hexstr))}
                        out.write(json.dumps(rec, sort_keys=True) + "\n")
                        index += 1
                        count += 1
            print(f"nas_reference: {f.name}: {count} NAS-PDUs", file=sys.stderr)
            total += count
    tmp.replace(out_path)
    print(f"nas_reference: {total} NAS-PDUs -> {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main()
