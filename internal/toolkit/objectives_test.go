package toolkit

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"kith/generator/quiz"
)

// assessed says which scored questions of a lesson's knowledge check assess one of its
// objectives: about is a phrase from the objective's text, so that rewording or reordering the
// objectives also sends the author back here, and questions are question ids.
type assessed struct {
	about     string
	questions []string
}

// objectiveQuestions maps every lesson, by file name, to its objectives in front-matter order.
// An objective is taught in the lesson and assessed by at least one scored question (not a
// reflection) of a knowledge check the lesson embeds. When you add, remove or reword an
// objective, or remove or rename a question, update this table: the test fails until you do.
var objectiveQuestions = map[string][]assessed{
	"what-is-a-parasocial-relationship.md": {
		{"Tell parasocial interaction (PSI)", []string{"define-psr", "psi-equals-psr"}},
		{"only goes one way", []string{"one-sided-signs", "intimacy-at-a"}},
		{"on TV, in streams and with VTubers", []string{"spot-the-bond"}},
	},
	"how-platforms-make-it-feel-close.md": {
		{"List the ways streams and posts", []string{"spot-cues", "bond-replies", "twitch-experiment"}},
		{"hearing your own name", []string{"why-your-name", "twitch-experiment"}},
		{"short stream transcript", []string{"spot-cues"}},
	},
	"why-these-bonds-can-help.md": {
		{"social surrogacy", []string{"social-surrogacy"}},
		{"role model", []string{"role-models"}},
		{"what the research on benefits can and cannot tell us", []string{"loneliness-moment", "extend-not-replace", "press-release"}},
	},
	"when-the-bond-gets-heavy.md": {
		{"signs that a bond is taking up too much room", []string{"warning-signs"}},
		// Two findings, one question each: body image, then romance.
		{"body image and unrealistic ideas about romance", []string{"body-image-group", "romance-beliefs"}},
		{"sadness after a parasocial breakup", []string{"breakup-normal", "when-a-series-ends"}},
	},
	"money-ads-and-influence.md": {
		{"Follow the money", []string{"follow-the-money", "gift-chain", "douyu"}},
		{"persuasion in sponsored posts", []string{"persuasion-questions"}},
		{"spending limit", []string{"limit-in-advance"}},
	},
	"the-view-from-the-other-side.md": {
		{"relational and affective labour", []string{"relational-labour", "affective-labour"}},
		{"pressures creators face and the limits they set", []string{"streamer-pressures", "creator-boundaries"}},
		{"respect creators and other viewers", []string{"break-response"}},
	},
	"ai-companions-and-chatbots.md": {
		{"what surveys say", []string{"survey-says", "heavy-use-link"}},
		{"differs from a parasocial bond", []string{"answers-back"}},
		{"keeps users talking, and plan how to keep a chatbot bond in balance", []string{"goodbye-tactics", "bot-says-dont-go"}},
	},
	"fakes-scams-and-trust.md": {
		{"borrow a trusted name or face", []string{"borrowed-name"}},
		{"warning signs", []string{"warning-signs"}},
		{"what to do and who to tell", []string{"what-to-do", "not-in-trouble"}},
	},
	"finding-balance.md": {
		{"your own media habits", []string{"check-up-steps"}},
		{"people you know offline", []string{"bridge-not-wall"}},
		{"who to turn to for help", []string{"who-to-talk-to", "tool-not-diagnosis"}},
	},
}

// scored are the question types a knowledge check marks; a reflection is not marked, so it
// shows nothing about whether an objective was learnt.
var scored = []string{quiz.Single, quiz.Multiple, quiz.TrueFalse, quiz.Short, quiz.Order}

// TestObjectivesAreAssessed: every objective of every lesson is assessed by at least one scored
// question of a knowledge check that the lesson embeds, as recorded in objectiveQuestions.
func TestObjectivesAreAssessed(t *testing.T) {
	site := load(t)
	lessons := site.Content.ByPath["lessons/"].Section.Lessons
	seen := map[string]bool{}
	for _, p := range lessons {
		name := filepath.Base(p.File)
		seen[name] = true
		t.Run(name, func(t *testing.T) {
			table, ok := objectiveQuestions[name]
			if !ok {
				t.Fatalf("no entry in objectiveQuestions; map each of the lesson's objectives to the scored questions that assess it")
			}
			if len(table) != len(p.Objectives) {
				t.Errorf("%d objectives in the front matter, %d in objectiveQuestions; update the table", len(p.Objectives), len(table))
			}
			// The scored questions of the knowledge checks this lesson embeds, by id, and
			// the type of every question (reflections included) for a precise message.
			types := map[string]string{}
			checks := 0
			for _, m := range quizBlock.FindAllStringSubmatch(string(p.Body), -1) {
				q := site.Quizzes[m[1]]
				if q == nil || q.Kind != quiz.Knowledge {
					continue
				}
				checks++
				for _, question := range q.Questions {
					types[question.ID] = question.Type
				}
			}
			if checks == 0 {
				t.Fatal("the lesson embeds no knowledge check, so nothing assesses its objectives")
			}
			for i, objective := range p.Objectives {
				if i >= len(table) {
					t.Errorf("objective %d, %q, is assessed by no question in objectiveQuestions", i+1, objective)
					continue
				}
				entry := table[i]
				if !strings.Contains(strings.ToLower(objective), strings.ToLower(entry.about)) {
					t.Errorf("objective %d is %q, but objectiveQuestions maps one about %q; update the table", i+1, objective, entry.about)
				}
				valid := 0
				for _, id := range entry.questions {
					switch typ, ok := types[id]; {
					case !ok:
						t.Errorf("objective %d: question %q is not in the lesson's knowledge check", i+1, id)
					case !slices.Contains(scored, typ):
						t.Errorf("objective %d: question %q is a %s question, which is not scored", i+1, id, typ)
					default:
						valid++
					}
				}
				if valid == 0 {
					t.Errorf("objective %d, %q, is assessed by no scored question of the lesson's knowledge check", i+1, objective)
				}
			}
		})
	}
	for name := range objectiveQuestions {
		if !seen[name] {
			t.Errorf("objectiveQuestions lists %s, which is not a lesson", name)
		}
	}
}
