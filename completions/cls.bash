# bash completion for cls(1): subcommands, their options and option values,
# and from the contract: fiche, axe and objectif ids, years of the periode,
# financeurs, themes.  Installed as share/bash-completion/completions/cls.
#
# The candidates come from the program itself ("cls complete -- WORD...",
# see cls(1)), which reads the usage strings of its commands and the
# contract: this file never needs to change when a command does.

_cls()
{
	local i w cur=${COMP_WORDS[COMP_CWORD]} words=() cword=0
	# bash splits "--format=js" into "--format", "=", "js": glue them
	# back, since cls sees one word.
	for ((i = 1; i <= COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if ((${#words[@]} > 0)) &&
			[[ $w == "=" || ${COMP_WORDS[i - 1]} == "=" ]]; then
			words[${#words[@]} - 1]+=$w
		else
			words+=("$w")
		fi
	done
	((${#words[@]} > 0)) || words=("")
	cword=$((${#words[@]} - 1))
	# What precedes the current bash word in the glued one ("--format"
	# for "js"), taken off the candidates so bash replaces only its word.
	local pre=${words[cword]%"$cur"}

	local IFS=$'\n' out=() c
	out=($(command "${COMP_WORDS[0]}" complete -- "${words[@]}" 2>/dev/null))
	COMPREPLY=()
	case ${out[0]} in
	:file)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		return
		;;
	:dir)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -d -- "$cur"))
		return
		;;
	esac
	for c in "${out[@]}"; do
		[[ $c == "$pre"* ]] || continue
		[[ $c == *= ]] && compopt -o nospace 2>/dev/null
		c=${c#"$pre"}
		# A financeur or theme may hold spaces and quotes: escape them,
		# unless the user opened a quote.
		if [[ $cur != [\"\']* ]]; then
			for w in '\' ' ' "'" '"' '(' ')' '&' ';' '|' '<' '>' '$' '`' '!'; do
				c=${c//"$w"/\\$w}
			done
		fi
		COMPREPLY+=("$c")
	done
	return 0
}
complete -F _cls cls
