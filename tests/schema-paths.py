#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""List every key path a JSON Schema allows, one line per object property.

The format is described twice: by the JSON Schemas in schema/ (for editors)
and by the key table of the C validator. The test suite prints both as the
same sorted lines and compares them, so neither can drift from the other.

Usage: schema-paths.py SCHEMA DOC [SCHEMA DOC]...
Prints "<doc> <path> <required|optional>[ <enum>]" for each property, where
<path> joins keys with ".", adds "[]" for array items and "{}" for the
values of a map (additionalProperties given as a schema: the year maps).
Alternatives (oneOf, anyOf, allOf) are walked as a union. Lines come out
sorted by code point, as "LC_ALL=C sort -u" sorts them.
"""

import json
import sys


def resolve(root, schema):
    """Follow local "#/..." references; sibling keywords win over the target."""
    seen = set()
    while isinstance(schema, dict) and "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/") or ref in seen:
            raise ValueError("unsupported or circular $ref %r" % ref)
        seen.add(ref)
        target = root
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, dict) or part not in target:
                raise ValueError("unresolvable $ref %r" % ref)
            target = target[part]
        merged = dict(target)
        merged.update({k: v for k, v in schema.items() if k != "$ref"})
        schema = merged
    return schema


def scalar(value):
    # Strings raw, everything else as JSON writes it (1, true, null).
    return value if isinstance(value, str) else json.dumps(value)


def walk(root, schema, doc, path, out):
    schema = resolve(root, schema)
    if not isinstance(schema, dict):
        return
    for key in ("oneOf", "anyOf", "allOf"):
        for alternative in schema.get(key, []):
            walk(root, alternative, doc, path, out)
    required = set(schema.get("required", []))
    for name, prop in schema.get("properties", {}).items():
        child = path + "." + name if path else name
        line = "%s %s %s" % (doc, child,
                             "required" if name in required else "optional")
        prop_r = resolve(root, prop)
        values = prop_r.get("enum")
        if values is None and "const" in prop_r:
            values = [prop_r["const"]]
        if values is not None:
            line += " " + ",".join(scalar(v) for v in values)
        out.add(line)
        walk(root, prop, doc, child, out)
    if isinstance(schema.get("items"), dict):
        walk(root, schema["items"], doc, path + "[]", out)
    if isinstance(schema.get("additionalProperties"), dict):
        walk(root, schema["additionalProperties"], doc, path + "{}", out)


def main(argv):
    if len(argv) < 2 or len(argv) % 2:
        sys.stderr.write("usage: schema-paths.py SCHEMA DOC [SCHEMA DOC]...\n")
        return 2
    out = set()
    for file, doc in zip(argv[0::2], argv[1::2]):
        try:
            with open(file, encoding="utf-8") as f:
                root = json.load(f)
            walk(root, root, doc, "", out)
        except (OSError, ValueError) as e:
            sys.stderr.write("schema-paths.py: %s: %s\n" % (file, e))
            return 2
        except (AttributeError, TypeError, RecursionError):
            sys.stderr.write("schema-paths.py: %s: not a schema this "
                             "script understands\n" % file)
            return 2
    for line in sorted(out):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
