#!/bin/sh
# SPDX-License-Identifier: MIT
# suite-guide.sh - docs/guide.md, the coordinators' guide, says what cls
# really does: every command of it runs, in order, and gives the exit status
# and the output the guide shows.  The conventions the guide follows:
#
#   ```sh          commands run in order by one sh, from ~ (a scratch HOME
#                  holding ~/cls/examples/pays-des-vans, as a clone would);
#                  one command per line (a line ending in \ goes on, a
#                  here-document runs to its end word), comment lines
#                  skipped.  A command ends with "# → N" when its exit
#                  status is N, not 0.
#   ```text        right after a ```sh block (blank lines between only):
#                  what its commands print, stdout and stderr together,
#                  line by line; a line "..." stands for any number of
#                  lines.  Trailing blanks do not count.  Every ```text
#                  block must follow a ```sh block.
#   <!-- guide: fichier PATH -->
#                  before a ```yaml block: the reader types that file in an
#                  editor; the suite writes it to PATH.
#   <!-- guide: remplacer "A" par "B" dans PATH -->
#                  the reader's edit of one line, which the prose around it
#                  states: A must occur exactly once in PATH.
#   <!-- guide: installation -->
#                  before a ```sh block that is not run (it needs root and
#                  the network): each of its lines must be "make TARGET..."
#                  (or "sudo make ...") for targets the Makefile has.
#
# Messages are in English (LC_ALL=C.UTF-8) until a block sets LANG; then
# LC_ALL is unset and LANG rules, as in the reader's shell.  The schema
# folder that cls init writes (which depends on PREFIX) is shown in the
# guide as /usr/local/share/cls/schema.  Last, the suite proves it can fail:
# with one expected line of the guide changed, it must.
#
#   CLS=/abs/path/to/cls sh tests/suite-guide.sh [GUIDE.md]

top=$(cd "$(dirname "$0")/.." && pwd)
CLS=${CLS:-$top/cls}
guide=${1:-$top/docs/guide.md}
[ -f "$guide" ] || { echo "no guide: $guide"; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed: run make deps"; exit 1; }
command -v git >/dev/null 2>&1 || { echo "git not installed"; exit 1; }
d=$(mktemp -d "${TMPDIR:-/tmp}/cls-guide.XXXXXX") || exit 1
trap 'rm -rf "$d"' EXIT INT TERM
mkdir "$d/bin" && ln -s "$CLS" "$d/bin/cls" || exit 1

# Where this cls's modelines point (its PREFIX).
"$d/bin/cls" init "$d/probe" >/dev/null 2>&1 || { echo "cls init fails"; exit 1; }
schemadir=$(sed -n '1s|^# yaml-language-server: \$schema=\(.*\)/cls\.schema\.json$|\1|p' "$d/probe/cls.yaml")
[ -n "$schemadir" ] || { echo "no modeline in the cls.yaml of cls init"; exit 1; }

# One run of the guide in a fresh HOME: run GUIDE [MUTATE]
run() {
	rm -rf "$d/home" "$d/out" && mkdir -p "$d/home/cls/examples" "$d/out" || return 2
	cp -R "$top/examples/pays-des-vans" "$d/home/cls/examples/" || return 2
	(
		unset LANGUAGE LC_MESSAGES LC_CTYPE CLS_CACHE_DIR XDG_CACHE_HOME \
		    XDG_CONFIG_HOME NO_COLOR CLS_THREADS GIT_DIR GIT_WORK_TREE
		export HOME="$d/home" PATH="$d/bin:$PATH" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
		    GIT_CONFIG_NOSYSTEM=1 TERM=dumb
		python3 - "$1" "$d" "$top" "$schemadir" "${2:-}" <<'PY'
import difflib, os, re, shlex, subprocess, sys

guide, d, top, schemadir, mutate = sys.argv[1:6]
text = open(guide, encoding="utf-8").read()
if mutate:
    # Change the first line of the first ```text block that has one.
    text = re.sub(r"(```text\n)([^.\n][^\n]*)\n", r"\1\2 (changed)\n", text, count=1)

# Fenced blocks and guide directives, in order.
tok = re.compile(r"^```(\w*)\n(.*?)^```[ \t]*$|<!--\s*guide:\s*(.*?)\s*-->", re.M | re.S)
items = []
for m in tok.finditer(text):
    line = text.count("\n", 0, m.start()) + 1
    if m.group(3) is not None:
        items.append(("directive", m.group(3), line, m.start(), m.end()))
    else:
        items.append((m.group(1), m.group(2), line, m.start(), m.end()))

def commands(body):
    """Split a sh block into commands: (text, expected status)."""
    lines, out, i = body.split("\n"), [], 0
    while i < len(lines):
        l = lines[i]
        if not l.strip() or l.lstrip().startswith("#"):
            i += 1
            continue
        cmd = [l]
        first = l
        h = re.search(r"<<-?\s*['\"]?(\w+)['\"]?", l)
        while cmd[-1].endswith("\\") and i + 1 < len(lines):
            i += 1
            cmd.append(lines[i])
        if h:
            while i + 1 < len(lines):
                i += 1
                cmd.append(lines[i])
                if lines[i].strip() == h.group(1):
                    break
        st = re.search(r"#\s*→\s*(\d+)\s*$", first)
        out.append(("\n".join(cmd), int(st.group(1)) if st else 0))
        i += 1
    return out

def makefile_targets():
    t = set(["all"])
    for l in open(os.path.join(top, "Makefile"), encoding="utf-8"):
        m = re.match(r"^([A-Za-z][\w.-]*)\s*:(?!=)", l)
        if m:
            t.add(m.group(1))
    return t

problems = []
script = ["guide_replace() {", "python3 - \"$@\" <<'GUIDE_PY'",
          "import sys",
          "p, a, b = sys.argv[1:4]",
          "s = open(p, encoding='utf-8').read()",
          "n = s.count(a)",
          "if n != 1: sys.exit('%s: %r occurs %d times, not once' % (p, a, n))",
          "open(p, 'w', encoding='utf-8').write(s.replace(a, b))",
          "GUIDE_PY", "}"]
steps = []     # (command shown, expected status, guide line)
checks = []    # (first step, last step + 1, expected text, line of text block)
pending = None  # directive waiting for its block
last_sh = None  # (first step, end step, end offset) of the latest sh block
for kind, body, line, start, end in items:
    if kind == "directive":
        m = re.match(r'remplacer\s+"(.*?)"\s+par\s+"(.*?)"\s+dans\s+(\S+)$', body)
        if m:
            a, b, p = m.groups()
            script.append("{ guide_replace %s %s %s\n} >\"$GUIDE_OUT/%d\" 2>&1; echo $? >\"$GUIDE_OUT/%d.st\""
                          % (shlex.quote(p), shlex.quote(a), shlex.quote(b), len(steps), len(steps)))
            steps.append(('edit of %s: "%s" -> "%s"' % (p, a, b), 0, line))
        elif re.match(r"(fichier\s+\S+|installation)$", body):
            pending = (body, line)
        else:
            problems.append("line %d: unknown directive <!-- guide: %s -->" % (line, body))
        last_sh = None
        continue
    if pending and pending[0].startswith("fichier"):
        p = pending[0].split(None, 1)[1]
        if kind != "yaml":
            problems.append("line %d: <!-- guide: fichier %s --> is not followed by a ```yaml block" % (pending[1], p))
        else:
            script.append("{ cat >%s <<'GUIDE_EOF'\n%sGUIDE_EOF\n} >\"$GUIDE_OUT/%d\" 2>&1; echo $? >\"$GUIDE_OUT/%d.st\""
                          % (shlex.quote(p), body, len(steps), len(steps)))
            steps.append(("writing %s (line %d)" % (p, line), 0, line))
        pending = None
        last_sh = None
        continue
    if pending and pending[0] == "installation":
        pending = None
        if kind != "sh":
            problems.append("line %d: <!-- guide: installation --> is not followed by a ```sh block" % line)
            continue
        targets = makefile_targets()
        for c, _ in commands(body):
            w = c.split("#")[0].split()
            if w[:1] == ["sudo"]:
                w = w[1:]
            if w[:1] == ["cd"]:
                continue
            if w[:1] != ["make"]:
                problems.append("line %d: an installation block runs only make: %s" % (line, c))
                continue
            for t in [x for x in w[1:] if not x.startswith("-") and "=" not in x] or ["all"]:
                if t not in targets:
                    problems.append("line %d: the Makefile has no target %s: %s" % (line, t, c))
        last_sh = None
        continue
    if kind == "sh":
        first = len(steps)
        if re.search(r"\bLANG=", body):
            script.append("unset LC_ALL")
        for c, st in commands(body):
            script.append("{ %s\n} >\"$GUIDE_OUT/%d\" 2>&1; echo $? >\"$GUIDE_OUT/%d.st\"" % (c, len(steps), len(steps)))
            steps.append((c, st, line))
        last_sh = (first, len(steps), end)
        continue
    if kind == "text":
        if last_sh is None or text[last_sh[2]:start].strip():
            problems.append("line %d: a ```text block that does not follow a ```sh block" % line)
        else:
            checks.append((last_sh[0], last_sh[1], body, line))
        last_sh = None
        continue
    last_sh = None

if problems:
    print("\n".join(problems))
    sys.exit(1)
if not steps:
    sys.exit("no commands in " + guide)

out = os.path.join(d, "out")
env = dict(os.environ, GUIDE_OUT=out)
with open(os.path.join(d, "guide.sh"), "w", encoding="utf-8") as f:
    f.write("\n".join(script) + "\n")
subprocess.run(["sh", os.path.join(d, "guide.sh")], cwd=env["HOME"], env=env,
               stdin=subprocess.DEVNULL)

def output(k):
    try:
        s = open(os.path.join(out, str(k)), encoding="utf-8", errors="replace").read()
    except OSError:
        return None
    return s.replace(schemadir, "/usr/local/share/cls/schema")

failed = 0
for k, (c, st, line) in enumerate(steps):
    try:
        got = int(open(os.path.join(out, "%d.st" % k)).read())
    except (OSError, ValueError):
        print("guide line %d: never ran: %s" % (line, c))
        failed = 1
        break
    if got != st:
        print("guide line %d: %s\n  exit status %d, the guide says %d; it printed:\n%s"
              % (line, c, got, st, output(k)))
        failed = 1
for a, b, want, line in checks:
    got = "".join(output(k) or "" for k in range(a, b))
    gl = [l.rstrip() for l in got.rstrip("\n").split("\n")] if got.strip() else []
    wl = [l.rstrip() for l in want.rstrip("\n").split("\n")] if want.strip() else []
    pat = "".join("(?:.*\n)*?" if l == "..." else re.escape(l) + "\n" for l in wl)
    if re.fullmatch(pat, "".join(l + "\n" for l in gl)):
        continue
    failed = 1
    print("guide line %d: the output of\n%s\ndiffers from the guide (- guide, + cls):"
          % (line, "\n".join("  $ " + steps[k][0].replace("\n", "\n    ") for k in range(a, b))))
    for l in difflib.unified_diff(wl, gl, "guide", "cls", lineterm="", n=2):
        print("  " + l)
sys.exit(failed)
PY
	)
}

run "$guide" || exit 1
# The suite can fail: with one expected line changed, it must.
if run "$guide" mutate >"$d/mutated" 2>&1; then
	echo "the suite passes a guide whose expected output was changed"
	exit 1
fi
grep -q "(changed)" "$d/mutated" || { echo "the changed guide failed for another reason:"; cat "$d/mutated"; exit 1; }
exit 0
