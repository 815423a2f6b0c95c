package content

import (
	"strconv"
	"strings"
)

// Audience is who a page is for, set with audience = "..." in its front matter or its section's;
// it is also who a build is for, its edition.
type Audience string

// The audiences. A page for All or Students is in every edition; a page for Teachers is left
// out of the Students edition.
const (
	All      Audience = "all"
	Students Audience = "students"
	Teachers Audience = "teachers"
)

// Audiences are the values audience and edition accept, for messages.
var Audiences = []Audience{All, Students, Teachers}

// ParseAudience reads an audience or edition as written; "" is All. It reports false for
// anything else.
func ParseAudience(s string) (Audience, bool) {
	switch a := Audience(s); a {
	case "":
		return All, true
	case All, Students, Teachers:
		return a, true
	}
	return "", false
}

// AudienceList lists the allowed values, quoted, for messages: "all", "students" or "teachers".
func AudienceList() string {
	q := make([]string, len(Audiences))
	for i, a := range Audiences {
		q[i] = strconv.Quote(string(a))
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// Publishes reports whether the edition e publishes a page for the audience a.
func (e Audience) Publishes(a Audience) bool { return e != Students || a != Teachers }
