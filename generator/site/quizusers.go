package site

import (
	"bytes"
	"maps"
	"regexp"
	"slices"
	"strings"

	"kith/generator/content"
)

// IndexQuizUsers records which pages embed each quiz, in reading order. It must run again
// when a page's quizzes or the reading order change.
func (s *Site) IndexQuizUsers() {
	s.users = map[string][]*content.Page{}
	for _, p := range s.Content.Pages {
		if p.File == "" {
			continue
		}
		for _, id := range Embedded(p.Body) {
			if !slices.Contains(s.users[id], p) {
				s.users[id] = append(s.users[id], p)
			}
		}
	}
}

// Users returns the pages that embed the quiz id, in reading order.
func (s *Site) Users(id string) []*content.Page { return s.users[id] }

// HasFile reports whether rel, a slash path from content/, is a file the site copies.
func (s *Site) HasFile(rel string) bool { return s.files[rel] }

// UpdateFiles adds and removes files under content/ (slash paths from content/) that the site
// copies, as the preview learns of them.
func (s *Site) UpdateFiles(added, removed []string) {
	for _, f := range removed {
		delete(s.files, f)
	}
	for _, f := range added {
		s.files[f] = true
	}
	s.Content.Files = slices.Sorted(maps.Keys(s.files))
}

// Embedded returns the ids of the quiz blocks in a page's Markdown: the first word inside each
// fence (``` or ~~~) whose info string is quiz, as the Markdown renderer reads them.
func Embedded(body []byte) []string {
	if !bytes.Contains(body, []byte("quiz")) {
		return nil // most pages: no need to look line by line
	}
	var ids []string
	lines := strings.Split(string(body), "\n")
	for i, line := range lines {
		if !quizFence.MatchString(line) {
			continue
		}
		for _, next := range lines[i+1:] {
			if f := strings.Fields(next); len(f) > 0 {
				if !strings.HasPrefix(f[0], "```") && !strings.HasPrefix(f[0], "~~~") {
					ids = append(ids, f[0])
				}
				break
			}
		}
	}
	return ids
}

var quizFence = regexp.MustCompile("^ {0,3}(```+|~~~+)[ \t]*quiz[ \t]*\r?$")
