#!/bin/sh
# SPDX-License-Identifier: MIT
# suite-completion.sh - drives the bash completion of completions/cls.bash
# as bash does (COMP_WORDS, COMP_CWORD, then the function; COMPREPLY is
# what the user would be offered) on the bundled examples: subcommands,
# options of each, option values after "=" (which bash splits off), ids of
# axes and objectifs, years of the periode, file names; and, once those
# commands exist, fiche ids, financeurs and the tables of export.  Then the
# zsh function of completions/_cls, with stand-ins for zsh's builtins, and
# the fish completion of completions/cls.fish, asked what it offers with
# fish's own "complete -C LINE".
# runs cls
#
#   CLS=/abs/path/to/cls sh tests/suite-completion.sh

top=$(cd "$(dirname "$0")/.." && pwd)
CLS=${CLS:-$top/cls}
command -v bash >/dev/null 2>&1 || { echo "bash not installed"; exit 1; }
cd "$top" || exit 1
export CLS
bst=0
bash -c '
. completions/cls.bash
failed=0
# t "what the user sees" WORD... : the words of the line, the last being
# completed; what COMPREPLY holds, sorted, one line.
t() {
	local want=$1; shift
	COMP_WORDS=("$CLS" "$@"); COMP_CWORD=$#
	COMPREPLY=()
	_cls
	local got=$(printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort | tr "\n" " " | sed "s/ $//")
	if [ "$got" != "$want" ]; then
		echo "cls $*<TAB>: got \"$got\", expected \"$want\""
		failed=1
	fi
}
has() { # like t, but the expected words need only be among the offers
	local want=$1; shift
	COMP_WORDS=("$CLS" "$@"); COMP_CWORD=$#
	COMPREPLY=()
	_cls
	local w
	for w in $want; do
		printf "%s\n" "${COMPREPLY[@]}" | grep -qx -- "$w" || { echo "cls $*<TAB>: \"$w\" not offered (got ${COMPREPLY[*]})"; failed=1; }
	done
}
vans=examples/pays-des-vans cev=examples/pays-cevennes
cmds=$("$CLS" --help | sed -n "/^commands:/,/^$/s/^  \([a-z]*\) .*/\1/p" | LC_ALL=C sort | tr "\n" " " | sed "s/ $//")
t "$cmds" ""
t "validate" va
t "new" -C $vans n
t "--color= --help --no-cache --version" --
t "always auto" --color = a
t "--format= --help --strict" validate --
t "github json sarif text" validate --format = ""
t "json" validate --format = j
t "2022 2023 2024 2025 2026" -C $vans report ""
t "2022 2023 2024 2025 2026" -C $vans report --format = html -o x ""
# after the year, the folders of a synthesis
t "examples" -C $vans report 2024 exa
t "--format= --help -o" -C $vans report 2024 -
t "1 2 3 4 5 6 7" -C $vans new --axe ""
t "1.1 1.2 1.3" -C $cev new --axe 1 --objectif ""
t "2.1" -C $cev new --axe = 2 --objectif ""
t "1.1 1.2 1.3 2.1" -C $cev new --objectif ""
t "clear path" cache ""
t "contrat fiche" schema ""
t "$cmds" help ""
t "examples" validate exa
t "examples/pays-cevennes examples/pays-des-vans" -C examples/pays
t "" -C /nonexistent report ""
# Commands other helpers add: checked once they exist.
if "$CLS" help indicators >/dev/null 2>&1; then
	has "1.1.1 1.1.4 2.1.1" -C $cev indicators --fiche = ""
	has "--fiche= --year=" -C $cev indicators --
	t "2019 2020 2021 2022 2023" -C $cev indicators --year = ""
fi
if "$CLS" help export >/dev/null 2>&1; then
	t "fiches financements" -C $vans export fi
	# a name with spaces comes escaped, as bash must insert it
	t "ANAH Agence\ Régionale\ de\ Santé" -C $vans export financements --financeur = A
fi
exit $failed
' || bst=1

# zsh: the completion function of completions/_cls, autoloaded as zsh does,
# with zsh's compadd, _files and _call_program replaced by stand-ins that
# print what the user would be offered ("[word ]": a space follows; "[word]":
# none, as after "--format=").
command -v zsh >/dev/null 2>&1 || { echo "zsh not installed: run make deps"; exit 1; }
zout=$(cd "$top/examples/pays-des-vans" && zsh -f -c '
fpath=("$1" $fpath)
autoload -Uz _cls
compadd() {
	local suffix=" " arr="" a
	while (( $# )); do
		case $1 in
		-S) suffix=$2; shift 2 ;;
		-a) arr=$2; shift 2 ;;
		--) shift; break ;;
		*) shift ;;
		esac
	done
	for a in ${(P)arr} "$@"; do print -r -- "[$a$suffix]"; done
}
_files() { print -r -- "FILES $*"; }
_call_program() { shift; eval "$*"; }
z() { words=("$CLS" "$@"); CURRENT=$#words; print -r -- "$* => $(_cls | tr "\n" " ")"; }
z report ""
z validate --format=j
z validate --
z validate ex
z -C ""
z new --axe ""
' - "$top/completions" 2>&1)
zwant='report  => [2022 ] [2023 ] [2024 ] [2025 ] [2026 ] 
validate --format=j => [--format=json ] 
validate -- => [--strict ] [--help ] [--format=] 
validate ex => FILES  
-C  => FILES -/ 
new --axe  => [1 ] [2 ] [3 ] [4 ] [5 ] [6 ] [7 ] '
if [ "$zout" != "$zwant" ]; then
	echo "zsh completion:"
	printf '%s\n' "$zout"
	echo "expected:"
	printf '%s\n' "$zwant"
	exit 1
fi

# fish: completions/cls.fish found as fish finds it (cls.fish, first in
# $fish_complete_path), for a cls on the PATH by that name (fish looks a
# command's completions up by its name); what "complete -C LINE" lists,
# sorted, one line, without descriptions.
command -v fish >/dev/null 2>&1 || { echo "fish not installed: run make deps"; exit 1; }
fdir=$(mktemp -d "${TMPDIR:-/tmp}/cls-fish.XXXXXX") || exit 1
trap 'rm -rf "$fdir"' EXIT INT TERM
mkdir "$fdir/bin" && ln -s "$CLS" "$fdir/bin/cls"
fout=$(cd "$top" && PATH="$fdir/bin:$PATH" XDG_CONFIG_HOME="$fdir" XDG_DATA_HOME="$fdir" fish --no-config -c '
set fish_complete_path $argv[1] $fish_complete_path
set -e argv[1]
for line in $argv
	set -l got (complete -C "$line" | string replace -r "\t.*" "" | sort | string join " ")
	echo "$line => $got"
end
' "$top/completions" \
	'cls rep' 'cls --' 'cls --color=a' 'cls validate --' 'cls validate --format=j' \
	'cls -C examples/pays-des-vans report ' 'cls -C examples/pays-des-vans new --axe ' \
	'cls -C examples/pays-cevennes new --axe 1 --objectif ' \
	'cls -C examples/pays-des-vans export financements --financeur=A' \
	'cls -C examples/pays-des-vans export financements --financeur=Agence\ R' \
	'cls -C examples/pays-des-vans export financements --financeur="Agence R' \
	'cls validate exa' 'cls -C examples/pays' 'cls -C /nonexistent report ' 2>&1)
fwant='cls rep => report
cls -- => --color= --help --no-cache --version
cls --color=a => --color=always --color=auto
cls validate -- => --format= --help --strict
cls validate --format=j => --format=json
cls -C examples/pays-des-vans report  => 2022 2023 2024 2025 2026
cls -C examples/pays-des-vans new --axe  => 1 2 3 4 5 6 7
cls -C examples/pays-cevennes new --axe 1 --objectif  => 1.1 1.2 1.3
cls -C examples/pays-des-vans export financements --financeur=A => --financeur=ANAH --financeur=Agence Régionale de Santé
cls -C examples/pays-des-vans export financements --financeur=Agence\ R => --financeur=Agence Régionale de Santé
cls -C examples/pays-des-vans export financements --financeur="Agence R => --financeur=Agence Régionale de Santé
cls validate exa => examples/
cls -C examples/pays => examples/pays-cevennes/ examples/pays-des-vans/
cls -C /nonexistent report  => '
if [ "$fout" != "$fwant" ]; then
	echo "fish completion:"
	printf '%s\n' "$fout"
	echo "expected:"
	printf '%s\n' "$fwant"
	exit 1
fi
exit $bst
