#!/usr/bin/env python3
"""Writes testplans/schema.json, the JSON Schema (draft 2020-12) of CoreGate test plans.

The lists in it come from the same places the validator's registries do: NGAP message names from the
elementary procedures of NGAP-PDU-Descriptions.asn (the shared spec folder), NAS message names from the
generated NASMessageType names; the metric names and step kinds mirror Sources/TestPlan. The Swift tests
(TestPlanTests: SchemaRegistryTests, SchemaAgreementTests) fail when the schema and the validator drift.

Run: python3 scripts/testplans/gen-schema.py
"""
import json, os, re, subprocess
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SHARED = subprocess.run([os.path.join(ROOT, "scripts/lib/shared-dir")], check=True, capture_output=True, text=True).stdout.strip()
asn = open(os.path.join(SHARED, 'spec/ngap/NGAP-PDU-Descriptions.asn')).read()
ngap = set()
for m in re.finditer(r'(INITIATING MESSAGE|SUCCESSFUL OUTCOME|UNSUCCESSFUL OUTCOME)\s+([A-Za-z][A-Za-z0-9-]*)', asn):
    if not m.group(2).startswith('&'): ngap.add('ngap.' + m.group(2))
src = open(os.path.join(ROOT, 'Sources/NAS5GS/Generated/NASMessage.swift')).read()
nas = set()
def one_word(s):
    s = s.replace(' de-registration)', ')').replace('(', ' ').replace(')', ' ')
    words = [w for w in re.split(r'[ -]', s) if w]
    return ''.join(w[0].upper() + w[1:] for w in words)
for m in re.finditer(r'case 0x[0-9A-F]{2}: "([^"]+)"', src):
    nas.add('nas.' + one_word(m.group(1)))
messages = sorted(ngap | nas)

procs = ['registration','authentication','security_mode','pdu_session_establishment','pdu_session_modification','pdu_session_release','service_request','deregistration','handover','ng_setup','paging','iteration']
stats = ['p50','p75','p90','p95','p99','p999','min','max','mean']
P = '(?:' + '|'.join(procs) + ')'
S = '(?:' + '|'.join(stats) + ')'
OP = '(?:<=|>=|==|!=|<|>)'
NUM = '[0-9]+(?:\\.[0-9]+)?'
DUR = '(?:' + NUM + '(?:us|µs|ms|s|m|h))+'
PCT = '(?:100(?:\\.0+)?|[0-9]{1,2}(?:\\.[0-9]+)?)%'
RATE = NUM + '(?:/(?:s|m|h))?'
SP = ' *'
alts = [
  '(?:' + P + '\\.latency\\.' + S + '|gtpu\\.rtt\\.' + S + ')' + SP + OP + SP + DUR,
  '(?:' + P + '\\.success_rate|gtpu\\.loss)' + SP + OP + SP + PCT,
  '(?:' + P + '\\.(?:count|success|failure)|gtpu\\.(?:sent|received)|dropped_arrivals|ngap\\.(?:error_indications|invalid))' + SP + OP + SP + '[0-9]+',
  P + '\\.rate_per_s' + SP + OP + SP + RATE,
]
threshold_pattern = '^' + SP + '(?:' + '|'.join(alts) + ')' + SP + '$'

def obj(props, required=(), **kw):
    d = {"type": "object", "properties": props, "additionalProperties": False}
    if required: d["required"] = list(required)
    d.update(kw)
    return d
ref = lambda n: {"$ref": "#/$defs/" + n}
def enum(*v, desc=None):
    d = {"enum": list(v)}
    if desc: d["description"] = desc
    return d
def hexbytes(n, desc):
    return {"type": "string", "pattern": "^[0-9A-Fa-f]{%d}$" % (2*n), "description": desc}
common = {
  "name": {"type": "string", "minLength": 1, "description": "Label in reports (default: the kind)."},
  "timeout": {**ref("duration"), "description": "Deadline of the step (default per kind)."},
  "expect": ref("expectation"),
  "continue_on_failure": {"type": "boolean", "description": "Go on with the next step when this one fails (default false)."},
}
def stepdef(kind, params, desc, required=(), extra=None, allow_null=True, common_keys=common):
    p = obj({**params, **common_keys}, required)
    if extra: p.update(extra)
    value = {"anyOf": [p, {"type": "null"}]} if allow_null and not required else p
    return {"type": "object", "description": desc, "properties": {kind: value}, "required": [kind], "additionalProperties": False}

PORT = "(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})"
defs = {
  "duration": {"type": "string", "pattern": "^(?:" + NUM + "(?:us|µs|ms|s|m|h))+$", "description": "A duration: 500ms, 10s, 1m30s, 1.5h."},
  "rate": {"type": "string", "pattern": "^" + NUM + "/(?:s|m|h)$", "description": "Events per time: 100/s, 6000/m."},
  "percentage": {"type": "string", "pattern": "^" + PCT + "$", "description": "A percentage: 0.1%, 99.9%."},
  "ipAddress": {"type": "string", "anyOf": [{"format": "ipv4"}, {"format": "ipv6"}], "description": "An IPv4 or IPv6 address."},
  "endpoint": {"type": "string", "pattern": "^(?:\\[[0-9A-Fa-f:.]+\\]|[0-9A-Fa-f]*:[0-9A-Fa-f:.]*|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::" + PORT + ")?$",
               "description": "host, host:port, [IPv6]:port; host is an IP address or a DNS name."},
  "plmn": obj({"mcc": {"type": "string", "pattern": "^[0-9]{3}$"}, "mnc": {"type": "string", "pattern": "^[0-9]{2,3}$"}}, ["mcc", "mnc"],
              description="PLMN identity; quote the digits (\"001\")."),
  "snssai": obj({"sst": {"type": "integer", "minimum": 0, "maximum": 255},
                 "sd": {"anyOf": [{"type": "string", "pattern": "^[0-9A-Fa-f]{6}$"}, {"type": "integer", "minimum": 0, "maximum": 16777215}]}},
                ["sst"], description="S-NSSAI: slice/service type and optional differentiator."),
  "slices": {"type": "array", "items": ref("snssai"), "minItems": 1},
  "messageType": {"enum": messages, "description": "ngap.<TS 38.413 message> or nas.<TS 24.501 message>."},
  "thresholdExpression": {"type": "string", "pattern": threshold_pattern,
      "description": "METRIC OP VALUE, e.g. registration.latency.p95 < 200ms, registration.success_rate >= 99.9%, gtpu.loss < 0.1%."},
  "threshold": {"anyOf": [ref("thresholdExpression"),
      {**obj({"threshold": ref("thresholdExpression"), "abort_on_fail": {"type": "boolean"}, "delay_abort_eval": ref("duration")}, ["threshold"]),
       "if": {"required": ["delay_abort_eval"]}, "then": {"properties": {"abort_on_fail": {"const": True}}, "required": ["abort_on_fail"]}}]},
  "jerPath": {"type": "string",
      "pattern": "^[A-Za-z0-9_-]+(?:\\[(?:[0-9]+|\\*|[A-Za-z0-9_-]+=[A-Za-z0-9_-]+)\\])*(?:\\.[A-Za-z0-9_-]+(?:\\[(?:[0-9]+|\\*|[A-Za-z0-9_-]+=[A-Za-z0-9_-]+)\\])*)*$"},
  "matcher": {**obj({"path": ref("jerPath"), "equals": {}, "not_equals": {}, "matches": {"type": "string"},
                     "one_of": {"type": "array", "minItems": 1}, "exists": {"type": "boolean"}}, ["path"]),
              "oneOf": [{"required": [k]} for k in ["equals", "not_equals", "matches", "one_of", "exists"]]},
  "expectationFields": {"type": "object"},
}
exp_fields = {
  "message": ref("messageType"),
  "absent": {"type": "boolean", "description": "The message must NOT arrive within `within`."},
  "match": {"type": "array", "items": ref("matcher"), "minItems": 1},
  "within": ref("duration"),
  "verdict": enum("valid", "transfer-syntax-error", "abstract-syntax-error", "abstract-syntax-error-reject",
                  "abstract-syntax-error-ignore-and-notify", "abstract-syntax-error-ignore", "logical-error",
                  desc="TS 38.413 §10 verdict of the received NGAP message."),
}
nas_no_verdict = {"if": {"required": ["message", "verdict"], "properties": {"message": {"pattern": "^nas\\."}}}, "then": False}
del defs["expectationFields"]
defs["expectation"] = {**obj({"outcome": enum("success", "failure", "timeout", "any"), **exp_fields}),
                       "dependentRequired": {"absent": ["message"], "match": ["message"]}, "allOf": [nas_no_verdict],
                       "description": "What the step must see (default: outcome success)."}
algos_i = {"type": "array", "items": enum("nia0", "nia1", "nia2", "nia3"), "minItems": 1}
algos_c = {"type": "array", "items": enum("nea0", "nea1", "nea2", "nea3"), "minItems": 1}
steps = {
  "ngSetup": stepdef("ng-setup", {"gnbs": {"type": "array", "items": {"type": "string", "minLength": 1}}}, "NG Setup of the gNBs (default all)."),
  "register": stepdef("register", {
      "auth": enum("5g-aka", "eap-aka-prime"), "type": enum("initial", "mobility", "periodic"),
      "gnb": {"type": "string", "minLength": 1}, "integrity": algos_i, "ciphering": algos_c,
      "follow_on_request": {"type": "boolean"}, "requested_slices": ref("slices"),
      "usim": obj({"k": hexbytes(16, "The UE's K, when it differs from the core's."), "sqn": hexbytes(6, "The UE's SQN.")})}, "Registration."),
  "deregister": stepdef("deregister", {"initiator": enum("ue", "network"), "switch_off": {"type": "boolean"}}, "Deregistration.",
      extra={"if": {"required": ["initiator", "switch_off"], "properties": {"initiator": {"const": "network"}, "switch_off": {"const": True}}}, "then": False}),
  "pduSession": stepdef("pdu-session", {"action": enum("establish", "modify", "release"), "id": {"type": "integer", "minimum": 1, "maximum": 15},
      "dnn": {"type": "string", "minLength": 1}, "type": enum("ipv4", "ipv6", "ipv4v6"), "slice": ref("snssai")}, "PDU session establishment, modification or release.",
      extra={"if": {"required": ["action"], "properties": {"action": {"enum": ["modify", "release"]}}},
             "then": {"not": {"anyOf": [{"required": ["dnn"]}, {"required": ["type"]}, {"required": ["slice"]}]}}}),
  "traffic": stepdef("traffic", {"protocol": enum("icmp", "udp"), "session": {"type": "integer", "minimum": 1, "maximum": 15},
      "destination": ref("ipAddress"), "port": {"type": "integer", "minimum": 1, "maximum": 65535}, "rate": ref("rate"),
      "size": {"type": "integer", "minimum": 8, "maximum": 65000}, "count": {"type": "integer", "minimum": 1, "maximum": 100000000},
      "duration": ref("duration"), "max_loss": ref("percentage")}, "User-plane traffic through a PDU session.",
      extra={"not": {"required": ["count", "duration"]},
             "if": {"required": ["port"]}, "then": {"required": ["protocol"], "properties": {"protocol": {"const": "udp"}}}}),
  "idle": stepdef("idle", {}, "AN release: the UE goes to CM-IDLE."),
  "serviceRequest": stepdef("service-request", {"type": enum("signalling", "data"),
      "sessions": {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 15}}}, "UE-triggered service request."),
  "handover": stepdef("handover", {"type": enum("n2", "xn"), "target_gnb": {"type": "string", "minLength": 1}}, "Handover to another gNB (default: the next)."),
  "waitPaging": stepdef("wait-paging", {"trigger": enum("downlink-data", "none"), "respond": {"type": "boolean"}}, "Wait to be paged, and answer."),
  "sendNgap": stepdef("send-ngap", {"hex": {"type": "string", "pattern": "^(?:[0-9A-Fa-f]{2})+$"}, "jer": {"type": "object"},
      "gnb": {"type": "string", "minLength": 1}}, "Send an NGAP message as APER hex or JER.", required=(),
      extra={"oneOf": [{"required": ["hex"]}, {"required": ["jer"]}]}, allow_null=False),
  "expectStep": {"type": "object", "properties": {"expect": {**obj({**exp_fields, "name": common["name"], "timeout": common["timeout"],
      "continue_on_failure": common["continue_on_failure"]}, ["message"]), "dependentRequired": {"absent": ["message"]}, "allOf": [nas_no_verdict]}},
      "required": ["expect"], "additionalProperties": False, "description": "Wait for a message."},
  "sleep": {"type": "object", "properties": {"sleep": ref("duration")}, "required": ["sleep"], "additionalProperties": False},
}
defs.update(steps)
def group(name, item):
    return {"type": "object", "properties": {name: {"type": "array", "items": item, "minItems": 1}}, "required": [name], "additionalProperties": False}
defs["setupStep"] = {"anyOf": [
    {"enum": ["ng-setup"]}, ref("ngSetup"), ref("sendNgap"), ref("expectStep"), ref("sleep"),
    group("parallel", ref("setupStep")), group("sequence", ref("setupStep"))],
    "description": "A step for gNBs (setup and teardown)."}
defs["repeat"] = {"type": "object", "properties": {"repeat": {**obj({"count": {"type": "integer", "minimum": 1, "maximum": 1000000},
    "duration": ref("duration"), "steps": {"type": "array", "items": ref("ueStep"), "minItems": 1}, "name": common["name"]}, ["steps"]),
    "oneOf": [{"required": ["count"]}, {"required": ["duration"]}]}}, "required": ["repeat"], "additionalProperties": False}
defs["ueStep"] = {"anyOf": [
    {"enum": ["register", "deregister", "pdu-session", "traffic", "idle", "service-request", "handover", "wait-paging"]},
    ref("register"), ref("deregister"), ref("pduSession"), ref("traffic"), ref("idle"), ref("serviceRequest"), ref("handover"),
    ref("waitPaging"), ref("sendNgap"), ref("expectStep"), ref("sleep"), ref("repeat"),
    group("parallel", ref("ueStep")), group("sequence", ref("ueStep"))],
    "description": "A step for a UE (scenario.steps)."}
defs["subscriber"] = {**obj({
    "supi_first": {"type": "string", "pattern": "^imsi-[0-9]{6,15}$"},
    "count": {"type": "integer", "minimum": 1, "maximum": 100000000},
    "k": hexbytes(16, "Subscriber key K."), "opc": hexbytes(16, "OPc."), "op": hexbytes(16, "OP."),
    "amf": hexbytes(2, "AMF field (default 8000); quote it."), "sqn": hexbytes(6, "SQN (default 000000000000); quote it."),
    "slices": ref("slices"), "dnns": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
    "suci": {**obj({"scheme": enum("null-scheme", "profile-a", "profile-b"), "home_network_public_key": {"type": "string", "pattern": "^[0-9A-Fa-f]+$"},
                    "key_id": {"type": "integer", "minimum": 0, "maximum": 255},
                    "routing_indicator": {"type": "string", "pattern": "^[0-9]{1,4}$"}}, ["scheme"]),
             "allOf": [
               {"if": {"properties": {"scheme": {"const": "null-scheme"}}}, "then": {"not": {"anyOf": [{"required": ["home_network_public_key"]}, {"required": ["key_id"]}]}}},
               {"if": {"properties": {"scheme": {"const": "profile-a"}}}, "then": {"required": ["home_network_public_key", "key_id"], "properties": {"home_network_public_key": {"pattern": "^[0-9A-Fa-f]{64}$"}}}},
               {"if": {"properties": {"scheme": {"const": "profile-b"}}}, "then": {"required": ["home_network_public_key", "key_id"], "properties": {"home_network_public_key": {"pattern": "^0[23][0-9A-Fa-f]{64}$"}}}}]}},
    ["supi_first", "k"]), "oneOf": [{"required": ["opc"]}, {"required": ["op"]}],
    "description": "A range of subscribers: the embedded core's subscriber entry."}
defs["subscriberFile"] = obj({"file": {"type": "string", "minLength": 1}}, ["file"], description="Subscribers from a YAML file (a list, or a mapping with subscribers).")
defs["gnb"] = obj({"name": {"type": "string", "minLength": 1}, "plmn": ref("plmn"), "tac": {"type": "integer", "minimum": 0, "maximum": 16777215},
    "slices": ref("slices"), "id": {"type": "integer", "minimum": 0, "maximum": 4294967295}, "id_length": {"type": "integer", "minimum": 22, "maximum": 32},
    "count": {"type": "integer", "minimum": 1, "maximum": 100000}, "n2_address": ref("ipAddress"), "n3_address": ref("ipAddress")},
    description="A gNB, or count gNBs with derived names (name-i), ids (id+i) and addresses (+i).")
defs["stage"] = {**obj({"name": {"type": "string", "minLength": 1}, "target": {}, "duration": ref("duration"),
    "iterations": {"type": "integer", "minimum": 1}}, ["target"]), "oneOf": [{"required": ["duration"]}, {"required": ["iterations"]}]}
target_obj = {**obj({"core": enum("embedded", "external"), "amf": {"anyOf": [ref("endpoint"), {"type": "array", "items": ref("endpoint"), "minItems": 1}]},
    "upf": ref("endpoint"), "sctp": enum("auto", "kernel", "user"),
    "n2_bind": {"anyOf": [ref("ipAddress"), {"type": "array", "items": ref("ipAddress")}]}, "n3_bind": ref("ipAddress"), "dn_peer": ref("ipAddress")}),
    "if": {"required": ["core"], "properties": {"core": {"const": "external"}}},
    "then": {"required": ["amf"]}, "else": {"not": {"anyOf": [{"required": ["amf"]}, {"required": ["upf"]}]}}}
load = {**obj({"model": enum("closed", "open"), "start": {}, "stages": {"type": "array", "items": ref("stage"), "minItems": 1},
    "max_concurrent": {"type": "integer", "minimum": 1}, "graceful_stop": ref("duration"),
    "knee": obj({"when": {"type": "array", "items": ref("thresholdExpression")}, "window": ref("duration"), "stop": {"type": "boolean"}}, ["when"])},
    ["model", "stages"]),
  "if": {"properties": {"model": {"const": "closed"}}},
  "then": {"properties": {"start": {"type": "integer", "minimum": 0}, "stages": {"items": {"properties": {"target": {"type": "integer", "minimum": 0}}}}},
           "not": {"anyOf": [{"required": ["max_concurrent"]}, {"required": ["knee"]}]}},
  "else": {"properties": {"start": ref("rate"), "stages": {"items": {"properties": {"target": ref("rate")}}}}},
  "description": "Closed model: stage targets are concurrent UEs; open model: arrival rates."}
schema = {
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "CoreGate test plan",
  "description": "A CoreGate test plan (docs/testplans.md). `coregate validate` checks everything here and more (cross-references, ranges, overlaps).",
  "type": "object",
  "additionalProperties": False,
  "patternProperties": {"^x-": {"description": "Free for YAML anchors (x-defaults: &defaults {...}); not read."}},
  "required": ["version", "metadata", "scenario"],
  "properties": {
    "version": {"const": 1},
    "metadata": obj({"name": {"type": "string", "minLength": 1}, "description": {"type": "string"},
                     "tags": {"type": "array", "items": {"type": "string", "minLength": 1}},
                     "spec": {"type": "array", "items": {"type": "string", "minLength": 1}}}, ["name"]),
    "target": {"anyOf": [{"const": "embedded"}, target_obj]},
    "ran": obj({"gnbs": {"type": "array", "items": ref("gnb"), "minItems": 1}}, ["gnbs"]),
    "subscribers": {"type": "array", "items": {"anyOf": [ref("subscriberFile"), ref("subscriber")]}, "minItems": 1},
    "scenario": obj({"setup": {"type": "array", "items": ref("setupStep")}, "steps": {"type": "array", "items": ref("ueStep")},
                     "teardown": {"type": "array", "items": ref("setupStep")}}, ["steps"]),
    "load": load,
    "thresholds": {"type": "array", "items": ref("threshold")},
  },
  "$defs": defs,
}
open(os.path.join(ROOT, 'testplans/schema.json'), 'w').write(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
print("testplans/schema.json:", len(messages), "message types")
