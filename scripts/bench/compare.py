#!/usr/bin/env python3
"""Times CoreGate, tshark and pycrate on the same real NGAP-PDUs and prints the rates and ratios.

Usage: compare.py COREGATE_BINARY PYTHON ORACLE_JSONL CAPTURE PDU_COUNT
Each command's output goes to /dev/null; the best of three runs counts for CoreGate, one run for tshark.
"""
import json
import subprocess
import sys
import time


def timed(command, runs):
    best = None
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def main(coregate, python, oracle, capture, count):
    count = int(count)
    rows = []
    jer = count / timed([coregate, "decode", "--format", "jer", capture], 3)
    rows.append(("coregate decode --format jer", jer))
    rows.append(("coregate decode (text lines)", count / timed([coregate, "decode", capture], 3)))
    tshark = count / timed(["tshark", "-r", capture, "-n", "-T", "ek"], 1)
    rows.append(("tshark -T ek", tshark))
    rows.append(("tshark (summary lines)", count / timed(["tshark", "-r", capture, "-n"], 1)))
    out = subprocess.run([python, sys.path[0] + "/pycrate_rate.py", oracle, "3"], capture_output=True, text=True, check=True)
    py = json.loads(out.stdout)
    rows.append(("pycrate from_aper + to_jer", py["decode_jer_per_s"]))
    rows.append(("pycrate from_aper", py["decode_per_s"]))
    rows.append(("pycrate to_aper", py["encode_per_s"]))
    print(f"{count} NGAP-PDUs ({capture}), whole-process times incl. start-up and capture reading for CoreGate and tshark;")
    print(f"pycrate in-process over the {py['pdus']} distinct PDUs.")
    print(f"| {'decoder':<32} | {'PDUs/s':>12} | {'coregate jer ÷ this':>20} |")
    print(f"|{'-' * 34}|{'-' * 14}|{'-' * 22}|")
    for name, rate in rows:
        print(f"| {name:<32} | {rate:>12,.0f} | {jer / rate:>19.1f}x |")
    target = 100 * tshark
    verdict = "meets" if jer >= target else "misses"
    print(f"\ncoregate decode --format jer is {jer / tshark:.0f}x tshark -T ek ({verdict} the 100x target).")


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
