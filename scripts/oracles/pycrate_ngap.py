#!/usr/bin/env python3
"""Streaming pycrate 0.8.1 oracle for NGAP-PDU (TS 38.413): APER <-> JER, one JSON line out per line in.

Input, one item per line (blank lines are echoed as errors so line numbers stay aligned):
  - hex of an APER-encoded NGAP-PDU            -> {"line", "aper", "jer", "consumedBits"}
  - a JER document (line starts with '{')        -> {"line", "aper", "jer"}
  - optionally prefixed by "ID<TAB>"; the id is echoed back as "id".
Output fields:
  aper          hex of pdu.to_aper() after decoding (the canonical re-encoding; drops stray trailing bytes)
  jer           pdu.to_jer() re-serialised compactly: json.dumps(sort_keys=True, separators=(',', ':'))
  consumedBits  bits pycrate's from_aper read (after its final octet alignment); < 8*len(input) means trailing bytes
  error         "<ExceptionClass>: message" when pycrate fails (no other field then, besides line/id)

Usage: .venv/bin/python scripts/oracles/pycrate_ngap.py [--batch] < in > out
By default every output line is flushed, so a caller can drive it in lock step (write one line, read one
line). With --batch output is block-buffered (faster for large files; the caller must then read stdout
concurrently or give a file as stdin, or the pipes can fill up and deadlock).
"""
import json
import sys

from pycrate_asn1dir import NGAP
from pycrate_asn1rt.codecs import ASN1CodecPER
from pycrate_core.charpy import Charpy

PDU = NGAP.NGAP_PDU_Descriptions.NGAP_PDU


def canonical_json(text):
    """Compact, key-sorted form of a JSON text (pycrate already sorts keys; this fixes spacing)."""
    return json.dumps(json.loads(text), sort_keys=True, separators=(',', ':'))


def _reset_codec_state():
    # pycrate keeps a class-level stack of bit offsets; an exception mid-decode leaves entries behind.
    del ASN1CodecPER._off[:]


def decode_aper(data):
    """Decode APER bytes; returns dict with aper, jer, consumedBits, or error."""
    try:
        char = Charpy(data)
        PDU.from_aper(char)
        consumed = char._cur
        aper = PDU.to_aper()
        jer = canonical_json(PDU.to_jer())
        return {"aper": aper.hex(), "jer": jer, "consumedBits": consumed}
    except Exception as exc:  # pycrate raises many unrelated exception types
        _reset_codec_state()
        return {"error": "%s: %s" % (type(exc).__name__, exc)}


def encode_jer(text):
    """Read JER text with from_jer; returns dict with aper (to_aper) and canonical jer, or error."""
    try:
        PDU.from_jer(text)
        aper = PDU.to_aper()
        jer = canonical_json(PDU.to_jer())
        return {"aper": aper.hex(), "jer": jer}
    except Exception as exc:
        _reset_codec_state()
        return {"error": "%s: %s" % (type(exc).__name__, exc)}


def process_line(number, raw):
    line = raw.rstrip("\r\n")
    out = {"line": number}
    if "\t" in line:
        ident, line = line.split("\t", 1)
        out["id"] = ident
    body = line.strip()
    if not body:
        out["error"] = "EmptyLine: nothing to decode"
    elif body[0] in "{[\"":
        out.update(encode_jer(body))
    else:
        try:
            data = bytes.fromhex(body)
        except ValueError as exc:
            out["error"] = "BadHex: %s" % exc
        else:
            out.update(decode_aper(data))
    return out


def main(argv):
    batch = "--batch" in argv[1:]
    write = sys.stdout.write
    for number, raw in enumerate(sys.stdin, start=1):
        write(json.dumps(process_line(number, raw), separators=(',', ':')) + "\n")
        if not batch:
            sys.stdout.flush()
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv)
