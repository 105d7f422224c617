#!/bin/sh
# SPDX-License-Identifier: MIT
# suite-ci.sh - the CI snippets of docs/ci.md work as pasted: every YAML
# block parses; the commands of the GitHub workflow and of the GitLab job
# are run (cls being the one under test) on a valid and on an invalid
# contract: they fail exactly on the invalid one, after writing a SARIF file
# and GitLab's code quality report, whose entries are checked; the
# pre-commit hook runs cls validate and picks the contract's files only.
#
#   CLS=/abs/path/to/cls sh tests/suite-ci.sh

top=$(cd "$(dirname "$0")/.." && pwd)
CLS=${CLS:-$top/cls}
command -v jq >/dev/null 2>&1 || { echo "jq not installed: run make deps"; exit 1; }
d=$(mktemp -d "${TMPDIR:-/tmp}/cls-ci.XXXXXX") || exit 1
trap 'rm -rf "$d"' EXIT INT TERM
mkdir "$d/bin" && ln -s "$CLS" "$d/bin/cls"
export PATH="$d/bin:$PATH"

# The run/script lines of the snippets, as shell scripts.
python3 - "$top/docs/ci.md" "$top/.pre-commit-hooks.yaml" "$d" <<'PY' || exit 1
import re, sys, yaml
doc, hooks, d = sys.argv[1:4]
blocks = [yaml.safe_load(b) for b in
          re.findall(r"```yaml\n(.*?)```", open(doc, encoding="utf-8").read(), re.S)]
gh = next(b for b in blocks if isinstance(b, dict) and "jobs" in b)
gl = next(b for b in blocks if isinstance(b, dict) and "cls" in b)["cls"]
steps = gh["jobs"]["validate"]["steps"]
runs = [s["run"] for s in steps if "run" in s and "cls validate" in s["run"]]
assert any("--format=github" in r for r in runs), "no cls validate --format=github"
up = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif")]
assert up and up[0]["with"]["sarif_file"] == "cls.sarif", "no upload-sarif of cls.sarif"
assert gl["artifacts"]["reports"]["codequality"] == "gl-code-quality.json"
# Each line runs on its own and its status counts, as in CI.
open(d + "/github.sh", "w").write("set -e\n" + "\n".join(runs) + "\n")
open(d + "/gitlab.sh", "w").write("set -e\n" + "\n".join(gl["script"]) + "\n")
h = yaml.safe_load(open(hooks, encoding="utf-8"))[0]
assert h["language"] == "system" and h["entry"] == "cls validate", h
files = re.compile(h["files"])
for f in ["cls.yaml", "fiches/01-a.yaml", "mon-cls/fiches/sub/x.yml", "mon-cls/cls.yaml"]:
    assert files.search(f), "the hook misses " + f
for f in [".gitlab-ci.yml", ".pre-commit-config.yaml", "docs/fiches.md"]:
    assert not files.search(f), "the hook takes " + f
open(d + "/hook.sh", "w").write(h["entry"] + "\n")
PY

failed=0
bad() { printf '%s\n' "$*"; failed=1; }
for c in good bad; do
	if [ $c = good ]; then cp -R "$top/examples/pays-des-vans" "$d/$c"
	else cp -R "$top/tests/cases/validate-unknown-axe/contract" "$d/$c"; fi
	for job in github gitlab hook; do
		(cd "$d/$c" && sh "$d/$job.sh") >"$d/out" 2>&1
		st=$?
		if [ $c = good ] && [ $st -ne 0 ]; then bad "$job on a valid contract: status $st: $(cat "$d/out")"; fi
		if [ $c = bad ] && [ $st -ne 1 ]; then bad "$job on an invalid contract: status $st, expected 1: $(cat "$d/out")"; fi
	done
	jq -e '.version == "2.1.0"' "$d/$c/cls.sarif" >/dev/null || bad "$c: no SARIF written"
	n=$(jq '.diagnostics | length' "$d/$c/cls.json")
	jq -e --argjson n "$n" 'length == $n and all(.[]; (.description | length > 0)
	    and (.check_name | length > 0) and (.fingerprint | length > 0)
	    and (.severity == "major" or .severity == "minor")
	    and (.location.path | length > 0) and (.location.lines.begin >= 1))' \
	    "$d/$c/gl-code-quality.json" >/dev/null || bad "$c: bad gl-code-quality.json: $(cat "$d/$c/gl-code-quality.json")"
done
jq -e 'any(.[]; .check_name == "unknown-axe" and .severity == "major" and .location.path == "fiches/01-coordination.yaml")' \
    "$d/bad/gl-code-quality.json" >/dev/null || bad "the unknown axe is not in gl-code-quality.json"
exit $failed
