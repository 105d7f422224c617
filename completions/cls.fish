# fish completion for cls(1): subcommands, their options and option values,
# and from the contract: fiche, axe and objectif ids, years of the periode,
# financeurs, themes.  Installed as share/fish/vendor_completions.d/cls.fish.
#
# The candidates come from the program itself ("cls complete -- WORD...",
# see cls(1)), which reads the usage strings of its commands and the
# contract: this file never needs to change when a command does.  fish
# keeps "--format=js" one word, as cls does; it escapes what it inserts,
# and adds no space after a candidate ending in "=".

function __cls_complete
	set -l words (commandline -opc)
	# the word being typed, as cls sees it: quotes and escapes removed
	set -l cur (string unescape -- (commandline -ct))
	set -l out (command $words[1] complete -- $words[2..-1] "$cur" 2>/dev/null)
	switch "$out[1]"
		case :file
			__fish_complete_path "$cur"
		case :dir
			__fish_complete_directories "$cur" ''
		case '*'
			printf '%s\n' $out
	end
end

complete -c cls -f -a '(__cls_complete)'
