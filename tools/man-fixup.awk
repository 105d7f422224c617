# man-fixup.awk - finishes a man page that po4a translated (make man-fr
# runs po4a, then this on each page it wrote):
#
#  - the first line declares the page UTF-8, for man(1) and mandoc, which
#    would otherwise have to guess;
#  - po4a joins the lines of a paragraph into one message and wraps the
#    translation again, so its sentences no longer start on a line of their
#    own, as mdoc wants (mandoc -Tlint: "new sentence, new line") and as
#    roff needs to tell a sentence end from an abbreviation: outside literal
#    displays, every sentence end within a text line and every run of two
#    spaces (where po4a joined two sentences) becomes a line break;
#  - in French (-v lang=fr), the space before ; : ? ! and », and after «,
#    is a no-break space (\~), so that no line starts with such a sign: in
#    text lines, and after a macro such as .Cm or .Xr (the sign then ends
#    the macro's line, after Ns); a quoting macro such as .Pq or .Dq is
#    written as its explicit pair (.Po ... Pc) for that, or the sign would
#    fall inside the quotes; after .Ql, or quotes within quotes, the space
#    stays as it is;
#  - groff's mdoc macros, which man(1) uses on Debian, write the header and
#    footer of a page only when its first section is named NAME: a page
#    whose first section is translated (NOM) tells them its name.
#
#   awk -v lang=fr -f tools/man-fixup.awk page > page.tmp

BEGIN {
	n = 0
	emit(".\\\" -*- coding: UTF-8 -*-", 1)
	# macros that a trailing "Ns \~:" may follow: no quotes, no brackets
	split("Ad Ar Cd Cm Dv Em Er Ev Fa Fl Ic Li Ms Nm Pa Sx Sy Va Xr", m, " ")
	for (i in m)
		plain[m[i]] = 1
	split("Ao Aq Bo Bq Bro Brq Do Dq Eo Op Oo Pf Po Pq Qo Qq Ql So Sq Xo", m, " ")
	for (i in m)
		quoting[m[i]] = 1
	# quoting macros and their explicit pairs
	split("Aq Ao Ac Bq Bo Bc Brq Bro Brc Dq Do Dc Pq Po Pc Qq Qo Qc Sq So Sc", m, " ")
	for (i = 1; i in m; i += 3) {
		opener[m[i]] = m[i + 1]
		closer[m[i]] = m[i + 2]
	}
}

# Keeps a line for the END pass, with its kind: 0 a text line, 1 a control
# line, 2 a line of a literal display.
function emit(s, kind) {
	line[++n] = s
	kind_of[n] = kind
}

# Appends a text line, one sentence per line.  A sentence ends with . ! or
# ? right after a word (closing brackets and quotes may follow); a line that
# would start with a control character is escaped with \&.
function text(s,    m, head) {
	if (lang == "fr") {
		gsub(/ ([;:?!]|»)/, "\\~&", s)
		gsub(/\\~ /, "\\~", s)
		gsub(/« /, "«\\~", s)
	}
	while (match(s, /[^ \\][.!?][])"']* +[^ ]|[^ \\]  +[^ ]/)) {
		m = substr(s, RSTART, RLENGTH)
		sub(/ +[^ ]$/, "", m)
		head = substr(s, 1, RSTART - 1 + length(m))
		s = substr(s, RSTART + length(m))
		sub(/^ +/, "", s)
		emit(head, 0)
		if (s ~ /^[.']/)
			s = "\\&" s
	}
	emit(s, 0)
}

# The control line s with the sign p after it, or "" when that cannot be
# done: s must start with a plain macro, or a quoting one that has an
# explicit pair, and hold no other quoting macro.
function join(s, p,    w, k, i, first) {
	k = split(s, w, " ")
	first = substr(w[1], 2)
	if (!(first in plain) && !(first in opener))
		return ""
	for (i = 2; i <= k; i++)
		if (w[i] in quoting || w[i] ~ /"/)
			return ""
	if (first in plain)
		return s " Ns \\~" p
	return "." opener[first] substr(s, length(w[1]) + 1) " " closer[first] \
	    " Ns \\~" p
}

literal {
	emit($0, 2)
	if ($0 ~ /^\.Ed([ \t]|$)/)
		literal = 0
	next
}

/^\.Bd[ \t]/ && /-(literal|unfilled)/ {
	literal = 1
}

/^\.Sh[ \t]/ && !section {
	section = $2
	gsub(/"/, "", section)
	if (section != "NAME")
		emit(".ds doc-section-name " section, 1)
}

/^[.']/ {
	sub(/[ \t]+$/, "")
	emit($0, 1)
	next
}

{
	sub(/[ \t]+$/, "")
	text($0)
}

END {
	for (i = 2; i <= n; i++) {
		if (lang != "fr" || kind_of[i] != 0 || kind_of[i - 1] != 1)
			continue
		if (!match(line[i], /^[;:?!]( +|$)/))
			continue
		joined = join(line[i - 1], substr(line[i], 1, 1))
		if (joined == "")
			continue
		line[i - 1] = joined
		line[i] = substr(line[i], RLENGTH + 1)
		if (line[i] == "")
			kind_of[i] = -1
		else if (line[i] ~ /^[.']/)
			line[i] = "\\&" line[i]
	}
	for (i = 1; i <= n; i++)
		if (kind_of[i] != -1)
			print line[i]
}
