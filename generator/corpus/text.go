package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Word lists for the generated prose. Verbs are base forms chosen so that
// the simple rules in addS and gerund spell them correctly.
var (
	adjectives = strings.Fields(`stable durable lazy eager partial nested shared
		local remote cached static dynamic concurrent ordered sparse dense strict
		optional minimal verbose portable incremental atomic implicit explicit
		generic typed hidden public private empty stale fresh robust simple
		careful common rare primary secondary`)
	nouns = strings.Fields(`buffer index queue worker request response cache
		schema record module function variable template layout section lesson
		page header footer link anchor pipeline parser renderer token stream
		channel handler router option value table column row field version
		release branch commit test benchmark profile trace signal event loop
		scheduler thread process file folder archive snapshot mirror replica
		network packet socket server client session reader writer student
		teacher exercise example pattern rule policy budget`)
	verbs = strings.Fields(`read write keep check build send load store parse
		render merge sort filter track cache validate resolve publish collect
		compare replace extend return update index schedule trace measure test
		deploy configure inspect migrate profile refactor`)
	prepositions = strings.Fields(`with for in from into after before across
		behind under without`)
	determiners = strings.Fields(`the the the a each every this any`)
	durations   = []int{15, 20, 30, 45, 60, 90}
)

func pick(r *rand.Rand, words []string) string { return words[r.IntN(len(words))] }

func capitalize(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// addS appends the -s of a plural noun or a third-person verb.
func addS(word string) string {
	for _, end := range []string{"s", "x", "ch", "sh"} {
		if strings.HasSuffix(word, end) {
			return word + "es"
		}
	}
	if n := len(word); n > 1 && word[n-1] == 'y' && !strings.ContainsRune("aeiou", rune(word[n-2])) {
		return word[:n-1] + "ies"
	}
	return word + "s"
}

func gerund(verb string) string { return strings.TrimSuffix(verb, "e") + "ing" }

// headingText is a short heading or title of plain lower-case words.
func headingText(r *rand.Rand) string {
	var s string
	switch r.IntN(6) {
	case 0:
		s = fmt.Sprintf("%s the %s", gerund(pick(r, verbs)), pick(r, nouns))
	case 1:
		s = fmt.Sprintf("%s %s %s", gerund(pick(r, verbs)), pick(r, adjectives), addS(pick(r, nouns)))
	case 2:
		s = fmt.Sprintf("why the %s %s %s", pick(r, adjectives), pick(r, nouns), addS(pick(r, verbs)))
	case 3:
		s = fmt.Sprintf("when to %s the %s %s", pick(r, verbs), pick(r, nouns), pick(r, nouns))
	case 4:
		s = fmt.Sprintf("common %s %s mistakes", pick(r, adjectives), pick(r, nouns))
	default:
		s = fmt.Sprintf("%s and %s %s", pick(r, nouns), pick(r, adjectives), addS(pick(r, nouns)))
	}
	return capitalize(s)
}

// nounPhrase is a determiner, maybe an adjective, and a noun.
func nounPhrase(r *rand.Rand) string {
	det := pick(r, determiners)
	words := pick(r, nouns)
	if r.IntN(2) == 0 {
		words = pick(r, adjectives) + " " + words
	}
	if det == "a" && strings.ContainsRune("aeiou", rune(words[0])) {
		det = "an"
	}
	return det + " " + words
}

// clause is "noun-phrase verbs noun-phrase [preposition noun-phrase]",
// with the occasional emphasis or code span.
func clause(r *rand.Rand) string {
	obj := nounPhrase(r)
	switch r.IntN(12) {
	case 0:
		obj = "*" + obj + "*"
	case 1:
		obj = "**" + obj + "**"
	case 2:
		obj = fmt.Sprintf("`%s.%s()`", pick(r, nouns), capitalize(pick(r, verbs)))
	}
	s := fmt.Sprintf("%s %s %s", nounPhrase(r), addS(pick(r, verbs)), obj)
	if r.IntN(2) == 0 {
		s += " " + pick(r, prepositions) + " " + nounPhrase(r)
	}
	return s
}

var joiners = []string{", and ", " because ", " while ", ", so ", " -- but "}

// sentence is one or two clauses, now and then with quotes or an
// apostrophe for the typographer to work on.
func sentence(r *rand.Rand) string {
	s := clause(r)
	if r.IntN(3) == 0 {
		s += pick(r, joiners) + clause(r)
	}
	switch r.IntN(20) {
	case 0:
		s = fmt.Sprintf(`some teams call this "%s", since %s`, nounPhrase(r), s)
	case 1:
		s = "in practice it's true that " + s
	}
	return capitalize(s) + "."
}

// description is a plain one-line summary for front matter.
func description(r *rand.Rand) string {
	return fmt.Sprintf("Learn how %s %s %s.", nounPhrase(r), addS(pick(r, verbs)), nounPhrase(r))
}

func paragraph(r *rand.Rand, sentences int) string {
	var b strings.Builder
	for i := range sentences {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(sentence(r))
	}
	b.WriteString("\n\n")
	return b.String()
}

// imperative is an instruction such as "merge the stale index with a page".
func imperative(r *rand.Rand) string {
	return fmt.Sprintf("%s %s %s %s", pick(r, verbs), nounPhrase(r), pick(r, prepositions), nounPhrase(r))
}

// list is a Markdown list of 3-5 items with the given marker ("-" or "1.").
func list(r *rand.Rand, marker string) string {
	var b strings.Builder
	for i := range 3 + r.IntN(3) {
		m := marker
		if marker == "1." {
			m = fmt.Sprintf("%d.", i+1)
		}
		fmt.Fprintf(&b, "%s %s.\n", m, capitalize(imperative(r)))
	}
	b.WriteString("\n")
	return b.String()
}

// table is a small options table with a code span in each row.
func table(r *rand.Rand) string {
	var b strings.Builder
	b.WriteString("| Option | Default | Meaning |\n| --- | ---: | --- |\n")
	for range 3 + r.IntN(2) {
		fmt.Fprintf(&b, "| `%s_%s` | %d | %s |\n", pick(r, adjectives), pick(r, nouns), r.IntN(1000), capitalize(nounPhrase(r)))
	}
	b.WriteString("\n")
	return b.String()
}
