#!/usr/bin/python3
"""Checks every record vector's envelope without the project's code: its own RFC 8785
canonicaliser (strings, integers, booleans, null, arrays, objects: all these vectors use), Ed25519
by python3-nacl, SHA-256 by hashlib. For each envelope: the signature over
"optin-capture/record/v1\\n" || JCS(record) with record.device_key (which must be the key of
device_seed); every commitment SHA-256(salt || name || 0x00 || value) against its disclosure, and
no disclosure without commitment; the manifest hash SHA-256(JCS(manifest)); the shown-text hash
recomputed from docs/manifest.md; the UUIDv7 id's time = captured_at; the envelope text is
canonical. Exits non-zero on any mismatch."""
import base64, datetime, glob, hashlib, json, os, sys
from nacl.signing import SigningKey, VerifyKey
from nacl.exceptions import BadSignatureError


def canon(v):
    if isinstance(v, bool): return "true" if v else "false"
    if v is None: return "null"
    if isinstance(v, int): return str(v)
    if isinstance(v, float): raise ValueError("floats are not used in these vectors")
    if isinstance(v, str): return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list): return "[" + ",".join(canon(x) for x in v) + "]"
    keys = sorted(v, key=lambda k: k.encode("utf-16-be"))
    return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + canon(v[k]) for k in keys) + "}"


def shown_texts(m):
    out = [{"kind": "terms", "text": m["terms"]["text"], "url": m["terms"]["url"]},
           {"kind": "privacy", "text": m["privacy"]["text"], "url": m["privacy"]["url"]}]
    out += [{"kind": "consent", "id": c["id"], "text": c["text"]} for c in m["consents"]]
    if "extra_question" in m:
        q = m["extra_question"]
        out.append({"kind": "extra_question", "id": q["name"], "text": q["text"]})
    return out


def check(path):
    errors = []
    v = json.load(open(path, encoding="utf-8"))
    if "envelope" not in v["expect"]:
        return errors, False
    text = v["expect"]["envelope"]
    env = json.loads(text)
    rec = env["record"]
    if canon(env) != text: errors.append("envelope text is not canonical")
    manifest = json.load(open(os.path.join(os.path.dirname(path), v["manifest_file"]), encoding="utf-8"))
    dev = SigningKey(bytes.fromhex(v["device_seed"])).verify_key
    if base64.b64decode(rec["device_key"]) != bytes(dev): errors.append("device_key is not device_seed's key")
    try:
        VerifyKey(base64.b64decode(rec["device_key"])).verify(
            b"optin-capture/record/v1\n" + canon(rec).encode("utf-8"), base64.b64decode(env["sig"]))
    except BadSignatureError:
        errors.append("signature does not verify")
    for name, commitment in rec["fields"].items():
        d = env["disclosures"].get(name)
        if d is None: errors.append("no disclosure for " + name); continue
        h = hashlib.sha256(base64.b64decode(d["salt"]) + name.encode() + b"\0" + d["value"].encode("utf-8")).digest()
        if base64.b64decode(commitment) != h: errors.append("commitment mismatch for " + name)
    for name in env["disclosures"]:
        if name not in rec["fields"]: errors.append("disclosure without commitment: " + name)
    if rec["campaign"]["manifest_sha256"] != hashlib.sha256(canon(manifest).encode("utf-8")).hexdigest():
        errors.append("manifest_sha256 differs")
    if rec["shown_text_sha256"] != hashlib.sha256(canon(shown_texts(manifest)).encode("utf-8")).hexdigest():
        errors.append("shown_text_sha256 differs")
    ms = int(rec["id"].replace("-", "")[:12], 16)
    t = datetime.datetime.strptime(v["captured_at"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc)
    if ms != int(t.timestamp() * 1000) or rec["captured_at"] != v["captured_at"]:
        errors.append("id time or captured_at differs")
    if rec["id"][14] != "7": errors.append("id is not UUIDv7")
    return errors, True


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    checked = failed = 0
    for path in sorted(glob.glob(os.path.join(here, "*.json"))):
        errors, had_envelope = check(path)
        if not had_envelope: continue
        checked += 1
        for e in errors: print("%s: %s" % (os.path.basename(path), e))
        failed += bool(errors)
    print("%d passed, %d failed" % (checked - failed, failed))
    return 1 if failed or checked < 6 else 0


if __name__ == "__main__":
    sys.exit(main())
