#!/bin/sh
# SPDX-License-Identifier: MIT
# suite-layers.sh - libcls is layered without cycles, and shows only its
# own names.  Read from the objects of a build (nm), not from the sources:
#   - every global that libcls.a defines is named cls_ (public) or clsi_
#     (internal), so a program linking the static library meets no other
#     name of ours;
#   - the objects of lib/ reference each other without a cycle;
#   - an object of layer L (a folder of lib/, in the order of LAYERS in the
#     Makefile, lowest first) uses only what its own layer and those below
#     define.
#
#   CLS=/abs/path/to/build/VARIANT/cls sh tests/suite-layers.sh

top=$(cd "$(dirname "$0")/.." && pwd)
CLS=${CLS:-$top/build/release/cls}
b=$(dirname "$CLS")
[ -f "$b/libcls.a" ] || { echo "no $b/libcls.a: build it first"; exit 1; }
layers=$(sed -n 's/^LAYERS = //p' "$top/Makefile")
[ -n "$layers" ] || { echo "no LAYERS line in the Makefile"; exit 1; }

python3 - "$b" "$layers" <<'PY'
import os, re, subprocess, sys
b, layers = sys.argv[1], sys.argv[2].split()
rank = {l: i for i, l in enumerate(layers)}
objs = {}
for l in layers:
    d = os.path.join(b, "lib", l)
    for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        if f.endswith(".o"):
            objs[l + "/" + f[:-2]] = os.path.join(d, f)
if not objs:
    sys.exit("no objects under %s/lib" % b)

def nm(args, path):
    out = subprocess.run(["nm"] + args + [path], capture_output=True,
                         text=True, check=True).stdout
    return [ln.split() for ln in out.splitlines() if ln.strip()]

bad = []
for row in nm(["-g", "--defined-only"], os.path.join(b, "libcls.a")):
    # AddressSanitizer adds an indicator beside each global variable
    # (gcc: __odr_asan.NAME, clang: __odr_asan_gen_NAME): NAME counts
    name = re.sub(r"^__odr_asan(\.|_gen_)", "", row[2]) if len(row) == 3 else ""
    if name and not (name.startswith("cls_") or name.startswith("clsi_")):
        bad.append(row[2])
if bad:
    print("libcls.a defines names without the cls_ or clsi_ prefix:",
          " ".join(sorted(set(bad))))

defs, uses = {}, {}
for o, p in objs.items():
    for row in nm(["-g", "--defined-only"], p):
        if len(row) == 3:
            defs[row[2]] = o
for o, p in objs.items():
    uses[o] = {}
    for row in nm(["-u"], p):
        s = row[-1]
        if s in defs and defs[s] != o:
            uses[o].setdefault(defs[s], s)

fail = bool(bad)
for o, ts in sorted(uses.items()):
    for t, s in sorted(ts.items()):
        if rank[t.split("/")[0]] > rank[o.split("/")[0]]:
            print("lib/%s.c uses %s of lib/%s.c, a layer above it" % (o, s, t))
            fail = True

# a cycle, found by depth-first search
state, stack = {}, []
def visit(o):
    state[o] = 1
    stack.append(o)
    for t in sorted(uses[o]):
        if state.get(t) == 1:
            cyc = stack[stack.index(t):] + [t]
            print("cycle among the files of lib/: " + " -> ".join(
                "%s.c (%s)" % (x, uses[x][y]) if y else x + ".c"
                for x, y in zip(cyc, cyc[1:] + [None])))
            return True
        if not state.get(t) and visit(t):
            return True
    stack.pop()
    state[o] = 2
    return False
for o in sorted(objs):
    if not state.get(o) and visit(o):
        fail = True
        break
print("%d objects in %d layers, %d links" % (len(objs), len(layers),
      sum(len(v) for v in uses.values())))
sys.exit(1 if fail else 0)
PY
