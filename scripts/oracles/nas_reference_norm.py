"""Normalisers for nas_reference.py: pycrate's value of an IE (its get_val(), made
JSON-able) rewritten into the key layout of NAS5GS's JSON view (NASJSON.swift).
Only keys both sides model are produced; the Swift test checks each of them."""


def plmn(hexstr):
    b = bytes.fromhex(hexstr)
    d = lambda n: '0123456789abcdef'[n]
    mcc = d(b[0] & 15) + d(b[0] >> 4) + d(b[1] & 15)
    mnc = d(b[2] & 15) + d(b[2] >> 4) + ('' if b[1] >> 4 == 15 else d(b[1] >> 4))
    return {'mcc': mcc, 'mnc': mnc}


def bcd(hexstr):
    out = ''
    for byte in bytes.fromhex(hexstr):
        if byte & 15 == 15:
            break
        out += '0123456789abcdef'[byte & 15]
        if byte >> 4 == 15:
            break
        out += '0123456789abcdef'[byte >> 4]
    return out


def mobile_identity(v):
    if isinstance(v, list) and len(v) == 5 and v[3] == 1 and isinstance(v[4], list):
        # SUCI, IMSI form: [spare, fmt, spare, 1, [plmn, routing, spare, scheme, hnpkid, output]]
        plmn_hex, routing, _, scheme, hnpkid, output = v[4]
        out = {'type': 'suci', 'supi_format': 'imsi', **plmn(plmn_hex), 'routing_indicator': bcd(routing),
               'protection_scheme_id': scheme, 'home_network_public_key_id': hnpkid}
        if scheme == 0 and isinstance(output, str):
            out['msin'] = bcd(output)  # pycrate shows the MSIN octets as hex; the digits are BCD, low nibble first
        return out
    if isinstance(v, list) and len(v) == 8 and v[2] == 2:
        return {'type': '5g-guti', **plmn(v[3]), 'amf_region_id': v[4], 'amf_set_id': v[5], 'amf_pointer': v[6], 'tmsi': v[7]}
    if isinstance(v, list) and len(v) == 6 and v[2] == 4:
        return {'type': '5g-s-tmsi', 'amf_set_id': v[3], 'amf_pointer': v[4], 'tmsi': v[5]}
    if isinstance(v, list) and len(v) == 4 and v[2] in (3, 5):
        return {'type': 'imei' if v[2] == 3 else 'imeisv'}
    raise ValueError('unhandled mobile identity shape')


def snssai_from(parts):
    keys = {1: ('sst',), 2: ('sst', 'mapped_hplmn_sst'), 4: ('sst', 'sd'), 5: ('sst', 'sd', 'mapped_hplmn_sst'),
            8: ('sst', 'sd', 'mapped_hplmn_sst', 'mapped_hplmn_sd')}
    return parts


SNSSAI_KEYS = {1: ('sst',), 2: ('sst', 'mapped_hplmn_sst'), 4: ('sst', 'sd'), 5: ('sst', 'sd', 'mapped_hplmn_sst'),
               8: ('sst', 'sd', 'mapped_hplmn_sst', 'mapped_hplmn_sd')}


def snssai(v, length):
    # pycrate lists the present components in order; the value length tells which they are
    return dict(zip(SNSSAI_KEYS[length], v))


def nssai(v):
    return [snssai(parts, length) for length, parts in v]


def timer(v):
    return {'unit': v[0], 'value': v[1]}


def psi_bits(v):
    bits = v[:16]
    return [7 - i for i in range(8) if bits[i]][::-1] + [15 - (i - 8) for i in range(8, 16) if bits[i]][::-1]


def tai_list(v):
    out = []
    for spare, typ, content in v:
        if typ == 2:
            _, tais = content
            out.append({'type': 2, 'tais': [{**plmn(p), 'tac': t} for p, t in tais]})
        elif typ == 1:
            _, p, tac = content
            out.append({'type': 1, **plmn(p), 'first_tac': tac})
        else:
            _, p, tacs = content
            out.append({'type': 0, **plmn(p), 'tacs': list(tacs)})
    return out


def pdu_address(v):
    out = {'type': v[2], 'si6lla': bool(v[1])}
    if v[2] == 1:
        out['ipv4'] = '.'.join(str(b) for b in bytes.fromhex(v[3]))
    return out


def dnn(v):
    return {'name': '.'.join(bytes.fromhex(h).decode('utf-8', 'replace') for _, h in v)}


def ambr(v):
    return {'downlink': {'unit': v[0], 'value': v[1]}, 'uplink': {'unit': v[2], 'value': v[3]}}


def qos_rules(v):
    out = []
    for rule in v:
        rid, _, opcode, dqr, nfilt, filters = rule[:6]
        r = {'id': rid, 'operation_code': opcode, 'dqr': bool(dqr)}
        pfs = []
        for f in filters:
            if isinstance(f, list) and len(f) == 5:
                pfs.append({'direction': f[1], 'id': f[2], 'components': [{'type': c[0]} for c in f[4]]})
        r['packet_filters'] = pfs
        if len(rule) > 6:
            r['precedence'] = rule[6]
        if len(rule) > 7:
            r['segregation'] = bool(rule[7][1])
            r['qfi'] = rule[7][2]
        out.append(r)
    return out


def qos_flows(v):
    out = []
    for d in v:
        params = []
        for p in d[6]:
            q = {'id': p[0]}
            if p[0] == 1:
                q['5qi'] = p[2]
            params.append(q)
        out.append({'qfi': d[1], 'operation_code': d[2], 'e_bit': bool(d[4]), 'parameters': params})
    return out


def ue_sec_cap(v):
    out = {'ea': [i for i in range(8) if v[i]], 'ia': [i for i in range(8) if v[8 + i]]}
    if len(v) >= 24 and isinstance(v[16], int):
        out['eea'] = [i for i in range(8) if v[16 + i]]
    if len(v) >= 32 and isinstance(v[24], int):
        out['eia'] = [i for i in range(8) if v[24 + i]]
    return out


def reg_result(v):
    _, disaster, emergency, nssaa, sms, value = v
    return {'value': value, 'sms_allowed': bool(sms), 'nssaa_performed': bool(nssaa),
            'emergency_registered': bool(emergency), 'disaster_roaming': bool(disaster)}


def epco(v):
    return {'config_protocol': v[2], 'containers': [{'id': c[0]} for c in v[3]]}


NORMALISERS = {
    '5GSID': mobile_identity, 'GUTI': mobile_identity, 'AddGUTI': mobile_identity, 'IMEISV': mobile_identity,
    'PEI': mobile_identity,
    'NSSAI': nssai, 'AllowedNSSAI': nssai, 'ConfiguredNSSAI': nssai, 'PendingNSSAI': nssai,
    'SNSSAI': None,  # set by nas_reference.py with the value length
    '5GSTAIList': tai_list,
    'PDUAddress': pdu_address,
    'DNN': dnn,
    '5GMMCause': lambda v: {'value': v}, '5GSMCause': lambda v: {'value': v},
    'T3512': timer, 'T3502': timer, 'T3346': timer, 'T3324': timer, 'T3447': timer, 'T3448': timer,
    'Non3GPPDeregTimer': timer, 'BackOffTimer': timer, 'RQTimer': timer, 'LowerBoundTimer': timer,
    'SessAMBR': ambr,
    'NAS_KSI': lambda v: {'tsc': v[0], 'value': v[1]}, 'NonCurrentNativeNAS_KSI': lambda v: {'tsc': v[0], 'value': v[1]},
    '5GSRegType': lambda v: {'for': v[0], 'value': v[1]},
    'NASSecAlgo': lambda v: {'ciphering': v[0], 'integrity': v[1]},
    'PDUSessStat': psi_bits, 'PDUSessReactResult': psi_bits, 'ULDataStat': psi_bits, 'AllowedPDUSessStat': psi_bits,
    'QoSRules': qos_rules, 'QoSFlowDesc': qos_flows,
    'UESecCap': ue_sec_cap,
    '5GSRegResult': reg_result,
    'ExtProtConfig': epco,
    'DeregistrationType': lambda v: {'switch_off': bool(v[0]), 'reregistration_required': bool(v[1]), 'access_type': v[2]},
}
