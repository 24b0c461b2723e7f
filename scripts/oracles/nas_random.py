#!/usr/bin/env python3
"""NAS 5GS random-message oracle: every message type of TS 24.501 clause 8 with random valid values,
checked IE by IE against pycrate 0.8.1 in both directions.

For each message of the table (scripts/nas5gs/messages.py) and each of SEEDS seeds (seeded, so the output
is deterministic; seed 0 has every optional IE present, the others a random half of them), writes one JSON
line to <oracle dir>/nas_random.jsonl with:
- message, seed, hex: the message built from the table with random valid IE values
  (nas_random_values.py), IEs in definition order (the port management information container, which
  pycrate cannot parse, only in seed 1). NAS5GSTests decodes it with CoreGate and checks that
  CoreGate's encoding of the decoded message is exactly these bytes, so `pycrate` below is pycrate's
  decoding of CoreGate's encoding;
- pycrate: pycrate's parse_NAS5G of hex, IE by IE (the record of nas_reference.py);
- built: the message as pycrate's encoder writes it: pycrate reads hex into its message structure, every IE
  length is left for pycrate to compute, and to_bytes() writes it; then `hex`, `pycrate` (pycrate's parse
  of it) and `missing` (IEs of hex pycrate has no IE for), or `error` when pycrate cannot read or write it.
One extra line, `deliberate: true`, is a deliberately wrong message (a Registration request whose 5GS
mobile identity is cut short) that pycrate must reject: NAS5GSTests proves its comparison fails on it.

Oracle dir: env COREGATE_ORACLE_DIR, else <project>/.build/oracles. Run: scripts/oracles/run.
"""
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "nas5gs"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from messages import MESSAGES, MM  # noqa: E402
from nas_random_values import ONLY_IN_SEED_1, nibble, value  # noqa: E402
from nas_reference import pycrate_record  # noqa: E402
from pycrate_mobile.NAS5G import parse_NAS5G  # noqa: E402
from pycrate_mobile.TS24501_FGMM import FGMMTypeClasses  # noqa: E402
from pycrate_mobile.TS24501_FGSM import FGSMTypeClasses  # noqa: E402

SEEDS = 5


def build(msg, r, seed):
    """Table-built message bytes and the IEs in it: (iei or None, format, key, value octets or nibble)."""
    name, proto, mtype, _, _, _, mandatory, optional = msg
    out = bytearray([0x7E, 0x00, mtype] if proto == MM else [0x2E, r.randint(1, 15), r.randint(1, 254), mtype])
    ies = []
    for m in mandatory:
        if m[0] == 'half':
            hi = nibble(m[1][1], r) if m[1] else 0
            lo = nibble(m[2][1], r) if m[2] else 0
            out.append(hi << 4 | lo)
            # pycrate lists the low nibble's IE first
            for part, v in ((m[2], lo), (m[1], hi)):
                if part:
                    ies.append((None, 'half', part[1], v))
        elif m[0] == 'V':
            v = value(m[2], r, m[3])
            out += v
            ies.append((None, 'V', m[2], v))
        elif m[0] == 'LV':
            v = value(m[2], r)
            out += bytes([len(v)]) + v
            ies.append((None, 'LV', m[2], v))
        else:
            v = value(m[2], r)
            out += bytes([len(v) >> 8, len(v) & 0xFF]) + v
            ies.append((None, 'LVE', m[2], v))
    for iei, fmt, prop, key in optional:
        if key in ONLY_IN_SEED_1:
            if seed != 1:
                continue
        elif seed != 0 and r.random() < 0.5:
            continue
        if fmt == 'TV1':
            v = nibble(key, r)
            out.append(iei << 4 | v)
        elif fmt.startswith('TV'):
            v = value(key, r, 1 if fmt == 'TV1B' else int(fmt[2:]))
            out += bytes([iei]) + v
        elif fmt == 'TLV':
            v = value(key, r)
            out += bytes([iei, len(v)]) + v
        else:
            v = value(key, r)
            out += bytes([iei, len(v) >> 8, len(v) & 0xFF]) + v
        ies.append((iei, fmt, key, v))
    return bytes(out), ies


def pycrate_build(msg, data, ies):
    """The message as pycrate's encoder writes it: pycrate reads `data` into its message structure, every IE
    length is left for pycrate to compute again, and to_bytes() writes the message. IEs of `data` that
    pycrate has no IE for (by IEI) are listed in `missing`."""
    try:
        parsed, err = parse_NAS5G(data, inner=False)
    except Exception as exc:
        return {"error": "pycrate cannot read the values: " + repr(exc)}
    if parsed is None or err != 0:
        return {"error": f"pycrate cannot read the values: error {err}"}
    found = set()
    for e in list(parsed)[1:]:
        names = getattr(e, "_by_name", [])
        if e.get_trans():
            continue
        if "T" in names:
            found.add(e["T"].get_val())
        if "L" in names:
            e["L"].set_val(None)  # pycrate computes the length from the value again
    missing = [{"key": key, "iei": iei} for iei, fmt, key, v in ies if iei is not None and iei not in found]
    try:
        built = parsed.to_bytes()
    except Exception as exc:
        return {"error": repr(exc), "missing": missing}
    return {"hex": built.hex(), "pycrate": pycrate_record(built), "missing": missing}


def main():
    out_dir = Path(os.environ.get("COREGATE_ORACLE_DIR") or ROOT / ".build" / "oracles")
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "nas_random.jsonl"
    tmp = path.with_suffix(".jsonl.tmp")
    count = 0
    with open(tmp, "w") as out:
        for msg in MESSAGES:
            for seed in range(SEEDS):
                r = random.Random(f"{msg[0]}/{seed}")
                data, ies = build(msg, r, seed)
                rec = {"message": msg[0], "seed": seed, "hex": data.hex(), "pycrate": pycrate_record(data),
                       "built": pycrate_build(msg, data, ies)}
                out.write(json.dumps(rec, sort_keys=True) + "\n")
                count += 1
        # Deliberately wrong: a Registration request whose mobile identity length runs past the message.
        wrong = bytes.fromhex("7e004179000d0100f110f0ff0000000000")
        out.write(json.dumps({"message": "RegistrationRequest", "seed": -1, "deliberate": True, "hex": wrong.hex(),
                              "pycrate": pycrate_record(wrong)}, sort_keys=True) + "\n")
    tmp.replace(path)
    print(f"nas_random: {count} random messages of {len(MESSAGES)} types -> {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
