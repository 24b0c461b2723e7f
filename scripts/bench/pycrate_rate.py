#!/usr/bin/env python3
"""pycrate 0.8.1's NGAP decode (from_aper) and decode + to_jer rates over the PDUs of a JSON-lines oracle file.

Usage: pycrate_rate.py ORACLE_JSONL SECONDS   (prints one JSON object: pdus, decode_per_s, decode_jer_per_s, encode_per_s)
"""
import json
import sys
import time

from pycrate_asn1dir import NGAP

PDU = NGAP.NGAP_PDU_Descriptions.NGAP_PDU


def rate(pdus, seconds, work):
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for p in pdus:
            work(p)
        done += len(pdus)
    return done / (time.perf_counter() - start)


def main(oracle, seconds):
    pdus = [bytes.fromhex(json.loads(line)["hex"]) for line in open(oracle)]
    values = []
    for p in pdus:
        PDU.from_aper(p)
        values.append(PDU.get_val())

    def encode(v):
        PDU.set_val(v)
        PDU.to_aper()

    print(json.dumps({
        "pdus": len(pdus),
        "decode_per_s": rate(pdus, seconds, PDU.from_aper),
        "decode_jer_per_s": rate(pdus, seconds, lambda p: (PDU.from_aper(p), PDU.to_jer())),
        "encode_per_s": rate(values, seconds, encode),
    }))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], float(sys.argv[2]))
