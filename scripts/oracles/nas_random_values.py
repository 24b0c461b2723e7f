"""Random valid IE values for nas_random.py: value octets (without IEI and length) for each IE of the
TS 24.501 clause 8 message table (scripts/nas5gs/messages.py), following the clause 9 codings. Every
generator takes a random.Random, so a seed gives the same values everywhere."""


def bcd(digits):
    out = bytearray()
    for i in range(0, len(digits), 2):
        lo = int(digits[i])
        hi = int(digits[i + 1]) if i + 1 < len(digits) else 0xF
        out.append(hi << 4 | lo)
    return bytes(out)


def digits(r, n):
    return ''.join(str(r.randrange(10)) for _ in range(n))


def plmn(r):
    mcc, mnc = digits(r, 3), digits(r, r.choice((2, 3)))
    m = [int(c) for c in mcc]
    n = [int(c) for c in mnc]
    return bytes([m[1] << 4 | m[0], (n[2] if len(n) == 3 else 0xF) << 4 | m[2], n[1] << 4 | n[0]])


def rbytes(r, n):
    return bytes(r.randrange(256) for _ in range(n))


def mobile_identity(r):
    kind = r.choice(('suci', 'guti', 'stmsi', 'imeisv'))
    if kind == 'suci':
        return bytes([0x01]) + plmn(r) + bytes([0xF0 | r.randrange(10), 0xFF, 0x00, 0x00]) + bcd(digits(r, 10))
    if kind == 'guti':
        return bytes([0xF2]) + plmn(r) + bytes([r.randrange(256)]) + rbytes(r, 2) + rbytes(r, 4)
    if kind == 'stmsi':
        return bytes([0xF4]) + rbytes(r, 2) + rbytes(r, 4)
    d = digits(r, 16)  # IMEISV: 16 digits, even, filler in the last octet's high nibble
    return bytes([int(d[0]) << 4 | 0x05]) + bcd(d[1:])


def snssai(r, kind=None):
    kind = kind or r.choice((1, 2, 4, 5, 8))
    sst = r.randrange(256)
    return {1: bytes([sst]), 2: bytes([sst, r.randrange(256)]), 4: bytes([sst]) + rbytes(r, 3),
            5: bytes([sst]) + rbytes(r, 3) + bytes([r.randrange(256)]), 8: bytes([sst]) + rbytes(r, 3) + bytes([r.randrange(256)]) + rbytes(r, 3)}[kind]


def nssai(r):
    out = b''
    for _ in range(r.randint(1, 3)):
        s = snssai(r)
        out += bytes([len(s)]) + s
    return out


def rejected_nssai(r):
    out = b''
    for _ in range(r.randint(1, 3)):
        s = snssai(r, r.choice((1, 4)))
        out += bytes([len(s) << 4 | r.choice((0, 1, 2))]) + s
    return out


def tai_list(r):
    out = b''
    for _ in range(r.randint(1, 3)):
        kind = r.choice((0, 1, 2))
        n = r.randint(1, 4)
        if kind == 0:
            out += bytes([n - 1]) + plmn(r) + b''.join(rbytes(r, 3) for _ in range(n))
        elif kind == 1:
            out += bytes([0x20 | (n - 1)]) + plmn(r) + rbytes(r, 3)
        else:
            out += bytes([0x40 | (n - 1)]) + b''.join(plmn(r) + rbytes(r, 3) for _ in range(n))
    return out


def eap(r):
    code = r.choice((1, 2, 3, 4))
    if code in (3, 4):
        return bytes([code, r.randrange(256), 0, 4])
    data = rbytes(r, r.randint(0, 12))
    return bytes([code, r.randrange(256), 0, 5 + len(data), r.choice((1, 50))]) + data


def dnn(r):
    labels = [''.join(r.choice('abcdefghijklmnopqrstuvwxyz0123456789') for _ in range(r.randint(1, 8))) for _ in range(r.randint(1, 3))]
    return b''.join(bytes([len(l)]) + l.encode() for l in labels)


def packet_filter_components(r):
    kind = r.choice(('all', 'ipv4', 'port', 'proto'))
    if kind == 'all':
        return bytes([0x01])
    if kind == 'ipv4':
        return bytes([0x10]) + rbytes(r, 4) + b'\xff\xff\xff\x00'
    if kind == 'port':
        return bytes([0x40]) + rbytes(r, 2)
    return bytes([0x30, r.choice((6, 17, 1))])


def qos_rules(r):
    out = b''
    for i in range(r.randint(1, 3)):
        op = r.choice((1, 3))  # create new QoS rule / modify and replace packet filters
        filters = b''
        nf = r.randint(1, 3)
        for f in range(nf):
            comp = packet_filter_components(r)
            filters += bytes([r.choice((0x10, 0x20, 0x30)) | (f + 1), len(comp)]) + comp
        body = bytes([op << 5 | r.choice((0, 0x10)) | nf]) + filters + bytes([r.randrange(256), r.randint(1, 63)])
        out += bytes([i + 1, len(body) >> 8, len(body) & 0xFF]) + body
    return out


def qos_flows(r):
    out = b''
    for i in range(r.randint(1, 3)):
        params = bytes([0x01, 1, r.choice((1, 5, 9, 80))])
        n = 1
        if r.random() < 0.5:
            params += bytes([0x02, 3, 6]) + rbytes(r, 2)
            n += 1
        out += bytes([i + 1, 0x20, 0x40 | n]) + params
    return out


def pdu_address(r):
    kind = r.choice((1, 2, 3))
    return {1: b'\x01' + rbytes(r, 4), 2: b'\x02' + rbytes(r, 8), 3: b'\x03' + rbytes(r, 12)}[kind]


def epco(r):
    out = b'\x80'
    for _ in range(r.randint(1, 3)):
        data = rbytes(r, r.randint(0, 6))
        out += bytes([0x00, r.choice((0x0D, 0x0A, 0x10, 0x03)), len(data)]) + data
    return out


SM_SAMPLE = bytes.fromhex('2e0501c1ffff91a1')
MM_SAMPLE = bytes.fromhex('7e004179000d0100f110f0ff00000000000010')

# value octets by catalog key (scripts/nas5gs/messages.py); None: the generic opaque generator.
VALUES = {
    'mobileId': mobile_identity,
    'ueSecCap': lambda r: rbytes(r, r.choice((2, 4, 8))),
    'nssai': nssai, 'snssai': lambda r: snssai(r), 'rejNSSAI': rejected_nssai,
    'tai': lambda r: plmn(r) + rbytes(r, 3),
    'taiList': tai_list,
    'pduStat': lambda r: rbytes(r, 2), 'reactErr': lambda r: b''.join(bytes([r.randint(1, 15), r.choice((43, 92, 26))]) for _ in range(r.randint(1, 3))),
    'regResult': lambda r: bytes([r.randrange(0x40)]),
    'mmCause': lambda r: bytes([r.choice((3, 6, 7, 9, 10, 11, 12, 13, 15, 22, 27, 62, 65, 90, 95, 96, 111))]),
    'smCause': lambda r: bytes([r.choice((8, 26, 27, 28, 29, 31, 36, 39, 43, 46, 50, 67, 68, 81, 95, 96, 111))]),
    'timer': lambda r: bytes([r.randrange(256)]), 'timer2': lambda r: bytes([r.randrange(256)]), 'timer3': lambda r: bytes([r.randrange(256)]),
    'nasSecAlg': lambda r: bytes([r.randrange(4) << 4 | r.randrange(4)]),
    'abba': lambda r: rbytes(r, 2),
    'rand': lambda r: rbytes(r, 16), 'autn': lambda r: rbytes(r, 16), 'res': lambda r: rbytes(r, 16), 'auts': lambda r: rbytes(r, 14),
    'eap': eap,
    'pc': lambda r: SM_SAMPLE, 'nasc': lambda r: MM_SAMPLE,
    'psi': lambda r: bytes([r.randint(1, 15)]),
    'dnn': dnn,
    'qosRules': qos_rules, 'qosFlows': qos_flows,
    'ambr': lambda r: bytes([r.randint(1, 10)]) + rbytes(r, 2) + bytes([r.randint(1, 10)]) + rbytes(r, 2),
    'pduAddr': pdu_address,
    'epco': epco,
    'smPDUDN': lambda r: ''.join(r.choice('abcdefgh') for _ in range(r.randint(1, 8))).encode() + b'@example.org',
    'ipHdrComp': lambda r: bytes([r.randrange(1, 256), 0, r.randint(1, 15)]),
    'dsttMAC': lambda r: rbytes(r, 6),
    'dsttTime': lambda r: rbytes(r, 8),
    'slaa': lambda r: bytes([0x10, 4]) + ''.join(r.choice('abcdef') for _ in range(4)).encode(),
    'pairID': lambda r: bytes([r.randrange(256)]),
    'rsn': lambda r: bytes([r.randrange(2)]),
    # §9.11.3.18B: control plane user data (data type 0) with a PDU session identity and DDX, then the data
    'ciotSmallData': lambda r: bytes([r.randint(1, 7) << 5 | r.randrange(3) << 3]) + rbytes(r, r.randint(1, 6)),
}

# IEs pycrate cannot decode whatever their content (see Tests/NAS5GSTests/Resources/pycrate_faults.json):
# present only in seed 1, so they do not hide the other IEs of the all-IEs seed 0.
ONLY_IN_SEED_1 = {'portMgmt'}

# type 1 (half-octet) values by catalog key; others: any 4 bits.
NIBBLES = {
    'ngKSI': lambda r: r.randrange(16), 'regType': lambda r: r.choice((0, 8)) | r.choice((1, 2, 3, 4)),
    'deregType': lambda r: r.randrange(16), 'pcType': lambda r: 1, 'pduType': lambda r: r.choice((1, 2, 3)),
    'ssc': lambda r: r.choice((1, 2, 3)), 'identityType': lambda r: r.choice((1, 2, 3, 4, 5)),
    'requestType': lambda r: r.choice((1, 2, 3)), 'accessType': lambda r: r.choice((1, 2)),
}


def value(key, r, length=None):
    """Value octets of the IE `key` (`length` fixed for V and TV IEs)."""
    if length is not None:
        gen = VALUES.get(key)
        v = gen(r) if gen else rbytes(r, length)
        return v if len(v) == length else rbytes(r, length)
    gen = VALUES.get(key)
    return gen(r) if gen else rbytes(r, r.randint(1, 6))


def nibble(key, r):
    gen = NIBBLES.get(key)
    return gen(r) if gen else r.randrange(16)
