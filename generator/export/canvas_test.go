package export

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"

	"kith/generator/quiz"
)

// The reader's view of a Canvas QTI package, declared apart from the writer's types with the
// element names of Canvas's own exports (lib/cc/qti/qti_items.rb).
type (
	readManifest struct {
		XMLName    xml.Name `xml:"manifest"`
		Identifier string   `xml:"identifier,attr"`
		Resources  []struct {
			Identifier string `xml:"identifier,attr"`
			Type       string `xml:"type,attr"`
			Href       string `xml:"href,attr"`
			Files      []struct {
				Href string `xml:"href,attr"`
			} `xml:"file"`
			Dependencies []struct {
				Ref string `xml:"identifierref,attr"`
			} `xml:"dependency"`
		} `xml:"resources>resource"`
	}
	readAssessment struct {
		Ident   string `xml:"ident,attr"`
		Title   string `xml:"title,attr"`
		Section struct {
			Items []readItem `xml:"item"`
		} `xml:"section"`
	}
	readItem struct {
		Ident  string      `xml:"ident,attr"`
		Fields []readField `xml:"itemmetadata>qtimetadata>qtimetadatafield"`
		// Presentation holds the prompt, then the choices or the text box.
		Presentation struct {
			Material readMaterial `xml:"material"`
			Lids     []struct {
				Ident    string       `xml:"ident,attr"`
				Card     string       `xml:"rcardinality,attr"`
				Material readMaterial `xml:"material"`
				Labels   []struct {
					Ident    string       `xml:"ident,attr"`
					Material readMaterial `xml:"material"`
				} `xml:"render_choice>response_label"`
			} `xml:"response_lid"`
			Strs []struct {
				Ident string `xml:"ident,attr"`
			} `xml:"response_str"`
		} `xml:"presentation"`
		Conditions []struct {
			Continue string `xml:"continue,attr"`
			Var      struct {
				Other *struct{}   `xml:"other"`
				Equal []readEqual `xml:"varequal"`
				And   *struct {
					Equal []readEqual `xml:"varequal"`
					Not   []readEqual `xml:"not>varequal"`
				} `xml:"and"`
			} `xml:"conditionvar"`
			Setvar *struct {
				Action string `xml:"action,attr"`
				Value  string `xml:",chardata"`
			} `xml:"setvar"`
			Display []struct {
				Ref string `xml:"linkrefid,attr"`
			} `xml:"displayfeedback"`
		} `xml:"resprocessing>respcondition"`
		Feedback []struct {
			Ident    string       `xml:"ident,attr"`
			Material readMaterial `xml:"flow_mat>material"`
		} `xml:"itemfeedback"`
	}
	readField struct {
		Label string `xml:"fieldlabel"`
		Entry string `xml:"fieldentry"`
	}
	readMaterial struct {
		Text string `xml:"mattext"`
	}
	readEqual struct {
		Respident string `xml:"respident,attr"`
		Value     string `xml:",chardata"`
	}
	readMeta struct {
		XMLName        xml.Name `xml:"quiz"`
		Identifier     string   `xml:"identifier,attr"`
		Title          string   `xml:"title"`
		QuizType       string   `xml:"quiz_type"`
		PointsPossible string   `xml:"points_possible"`
		Assignment     struct {
			QuizRef string `xml:"quiz_identifierref"`
		} `xml:"assignment"`
	}
	readCanvas struct {
		manifest    readManifest
		assessments []readAssessment
		metas       []readMeta
	}
)

func (it readItem) field(label string) string {
	for _, f := range it.Fields {
		if f.Label == label {
			return f.Entry
		}
	}
	return ""
}

// readPackage opens a Canvas package and checks what Canvas relies on: every file the manifest
// lists is in the zip, every dependency names a resource, each quiz's settings name its
// assessment, and within each item every response, choice and feedback referred to exists.
func readPackage(t *testing.T, data []byte) readCanvas {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("the package is not a zip: %v", err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	decode := func(name string, v any) {
		t.Helper()
		b, ok := files[name]
		if !ok {
			t.Fatalf("the manifest lists %s, which is not in the zip", name)
		}
		if err := xml.Unmarshal(b, v); err != nil {
			t.Fatalf("%s does not parse: %v", name, err)
		}
	}
	var c readCanvas
	decode("imsmanifest.xml", &c.manifest)
	ids := map[string]string{} // resource identifier -> type
	for _, r := range c.manifest.Resources {
		if ids[r.Identifier] != "" {
			t.Errorf("resource identifier %s is used twice", r.Identifier)
		}
		ids[r.Identifier] = r.Type
	}
	listed := map[string]bool{"imsmanifest.xml": true}
	for _, r := range c.manifest.Resources {
		for _, d := range r.Dependencies {
			if ids[d.Ref] != resourceMeta {
				t.Errorf("resource %s depends on %s, which is no quiz settings resource", r.Identifier, d.Ref)
			}
		}
		if len(r.Files) != 1 {
			t.Fatalf("resource %s lists %d files, want 1", r.Identifier, len(r.Files))
		}
		href := r.Files[0].Href
		listed[href] = true
		switch r.Type {
		case resourceQTI:
			var root struct {
				Assessment readAssessment `xml:"assessment"`
			}
			decode(href, &root)
			if root.Assessment.Ident != r.Identifier || len(r.Dependencies) != 1 {
				t.Errorf("assessment %s in resource %s with %d dependencies: want the same identifier and its settings", root.Assessment.Ident, r.Identifier, len(r.Dependencies))
			}
			checkItems(t, root.Assessment)
			c.assessments = append(c.assessments, root.Assessment)
		case resourceMeta:
			var meta readMeta
			decode(href, &meta)
			if path.Base(href) != "assessment_meta.xml" || r.Href != href {
				t.Errorf("settings resource %s is %s (href %s), want assessment_meta.xml", r.Identifier, href, r.Href)
			}
			if ids[meta.Identifier] != resourceQTI || meta.Assignment.QuizRef != meta.Identifier || meta.QuizType != "assignment" {
				t.Errorf("settings %s name quiz %s and %s, type %s: want a graded quiz naming its assessment", href, meta.Identifier, meta.Assignment.QuizRef, meta.QuizType)
			}
			c.metas = append(c.metas, meta)
		default:
			t.Errorf("resource %s has type %s", r.Identifier, r.Type)
		}
	}
	for name := range files {
		if !listed[name] {
			t.Errorf("%s is in the zip but not in the manifest", name)
		}
	}
	return c
}

// checkItems checks that every identifier an item refers to resolves inside it.
func checkItems(t *testing.T, a readAssessment) {
	t.Helper()
	seen := map[string]bool{}
	for _, it := range a.Section.Items {
		if seen[it.Ident] {
			t.Errorf("item %s appears twice", it.Ident)
		}
		seen[it.Ident] = true
		responses := map[string]map[string]bool{} // response ident -> its choice idents
		for _, lid := range it.Presentation.Lids {
			responses[lid.Ident] = map[string]bool{}
			for _, l := range lid.Labels {
				responses[lid.Ident][l.Ident] = true
			}
		}
		for _, s := range it.Presentation.Strs {
			responses[s.Ident] = nil
		}
		feedback := map[string]bool{}
		for _, f := range it.Feedback {
			feedback[f.Ident] = true
		}
		for _, c := range it.Conditions {
			equals := c.Var.Equal
			if c.Var.And != nil {
				equals = append(append(equals, c.Var.And.Equal...), c.Var.And.Not...)
			}
			for _, e := range equals {
				choices, ok := responses[e.Respident]
				if !ok {
					t.Errorf("item %s: a condition tests response %s, which the item does not have", it.Ident, e.Respident)
				} else if choices != nil && !choices[e.Value] {
					t.Errorf("item %s: a condition tests choice %s, which response %s does not offer", it.Ident, e.Value, e.Respident)
				}
			}
			for _, d := range c.Display {
				if !feedback[d.Ref] {
					t.Errorf("item %s: a condition shows feedback %s, which the item does not have", it.Ident, d.Ref)
				}
			}
		}
	}
}

func TestCanvasQuestionTypes(t *testing.T) {
	q := parseQuiz(t, "types", allTypes)
	c := readPackage(t, mustCanvas(t, q))
	if len(c.assessments) != 1 || len(c.metas) != 1 {
		t.Fatalf("%d assessments and %d settings, want one of each", len(c.assessments), len(c.metas))
	}
	if c.metas[0].Title != q.Title || c.metas[0].PointsPossible != "5.0" {
		t.Errorf("settings %+v: want the title and a point per scored question", c.metas[0])
	}
	items := c.assessments[0].Section.Items
	want := []string{"multiple_choice_question", "multiple_answers_question", "true_false_question", "short_answer_question", "matching_question", "essay_question"}
	for i, it := range items {
		if got := it.field("question_type"); got != want[i] {
			t.Errorf("question %d is %s, want %s", i+1, got, want[i])
		}
	}
	if got := items[5].field("points_possible"); got != "0.0" {
		t.Errorf("the reflection is worth %s points, want 0.0", got)
	}
	for i, question := range q.Questions {
		checkCanvasAnswers(t, q, i, question, items[i])
	}
}

func TestCanvasRefusesSelfAssessments(t *testing.T) {
	if _, err := Canvas([]*quiz.Quiz{parseQuiz(t, "mood", selfAssessment)}); !errors.Is(err, ErrSelfAssessment) {
		t.Errorf("a self-assessment gave %v, want ErrSelfAssessment", err)
	}
}

// checkCanvasAnswers reads the right answers back from an item and compares them with the quiz.
func checkCanvasAnswers(t *testing.T, q *quiz.Quiz, i int, question quiz.Question, it readItem) {
	t.Helper()
	where := q.ID + "/" + question.ID
	var full []readEqual // the choices of the condition that gives full marks
	var and *struct {
		Equal []readEqual `xml:"varequal"`
		Not   []readEqual `xml:"not>varequal"`
	}
	for _, c := range it.Conditions {
		if c.Setvar != nil && c.Setvar.Action == "Set" && c.Setvar.Value == "100" {
			full, and = c.Var.Equal, c.Var.And
		}
	}
	labels := func() []string {
		if len(it.Presentation.Lids) != 1 {
			t.Fatalf("%s: %d responses, want 1", where, len(it.Presentation.Lids))
		}
		var out []string
		for _, l := range it.Presentation.Lids[0].Labels {
			out = append(out, l.Ident)
		}
		return out
	}
	switch question.Type {
	case quiz.Single, quiz.Multiple:
		ids := labels()
		if len(ids) != len(question.Options) {
			t.Fatalf("%s: %d choices, want %d", where, len(ids), len(question.Options))
		}
		var right, wrong []string
		for k, o := range question.Options {
			if got := it.Presentation.Lids[0].Labels[k].Material.Text; got != inline(o.Text) {
				t.Errorf("%s: choice %d reads %q, want %q", where, k+1, got, inline(o.Text))
			}
			if o.Correct {
				right = append(right, ids[k])
			} else {
				wrong = append(wrong, ids[k])
			}
		}
		if question.Type == quiz.Single {
			if len(full) != 1 || full[0].Value != right[0] {
				t.Errorf("%s: full marks for %v, want the right option %s", where, full, right[0])
			}
			break
		}
		if and == nil || !slices.Equal(values(and.Equal), right) || !slices.Equal(values(and.Not), wrong) {
			t.Errorf("%s: full marks for %+v, want exactly the right options %v and none of %v", where, and, right, wrong)
		}
	case quiz.TrueFalse:
		ids := labels()
		want := ids[1]
		if *question.Answer {
			want = ids[0]
		}
		if len(full) != 1 || full[0].Value != want || it.Presentation.Lids[0].Labels[0].Material.Text != "True" {
			t.Errorf("%s: full marks for %v, want %v", where, full, *question.Answer)
		}
	case quiz.Short:
		var want []string
		for _, a := range question.Accept {
			want = append(want, strings.TrimSpace(a))
		}
		if !slices.Equal(values(full), want) {
			t.Errorf("%s: accepts %q, want %q", where, values(full), want)
		}
	case quiz.Order:
		// Each item is matched with its place; reading the places back gives the right order.
		place := map[string]int{}
		for k, l := range it.Presentation.Lids[0].Labels {
			if l.Material.Text != strconv.Itoa(k+1) {
				t.Errorf("%s: place %d reads %q", where, k+1, l.Material.Text)
			}
			place[l.Ident] = k
		}
		got := make([]string, len(question.Items))
		for _, lid := range it.Presentation.Lids {
			for _, c := range it.Conditions {
				if len(c.Var.Equal) == 1 && c.Var.Equal[0].Respident == lid.Ident && c.Setvar != nil && c.Setvar.Action == "Add" {
					got[place[c.Var.Equal[0].Value]] = lid.Material.Text
				}
			}
		}
		var want []string
		for _, item := range question.Items {
			want = append(want, plain(item))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: the places give the order %q, want %q", where, got, want)
		}
		var shown []string
		for _, lid := range it.Presentation.Lids {
			shown = append(shown, lid.Material.Text)
		}
		if slices.Equal(shown, want) {
			t.Errorf("%s: the items are shown in the right order, which gives the answer away", where)
		}
	case quiz.Reflection:
		if len(it.Presentation.Strs) != 1 || full != nil {
			t.Errorf("%s: a reflection wants a text box and no right answer", where)
		}
	}
}

func values(es []readEqual) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Value)
	}
	return out
}
