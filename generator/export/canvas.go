package export

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"

	"kith/generator/quiz"
)

// Canvas's names for the two resources of each quiz in the manifest.
const (
	resourceQTI  = "imsqti_xmlv1p2"
	resourceMeta = "associatedcontent/imscc_xmlv1p1/learning-application-resource"
)

// The files of a Canvas QTI package: an IMS content package manifest and, for each quiz, a folder
// named after its identifier holding the QTI assessment and Canvas's settings for the quiz.
type (
	cpManifest struct {
		XMLName       xml.Name     `xml:"http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1 manifest"`
		Identifier    string       `xml:"identifier,attr"`
		Schema        string       `xml:"metadata>schema"`
		SchemaVersion string       `xml:"metadata>schemaversion"`
		Organizations struct{}     `xml:"organizations"`
		Resources     []cpResource `xml:"resources>resource"`
	}
	cpResource struct {
		Identifier   string         `xml:"identifier,attr"`
		Type         string         `xml:"type,attr"`
		Href         string         `xml:"href,attr,omitempty"`
		Files        []cpFile       `xml:"file"`
		Dependencies []cpDependency `xml:"dependency"`
	}
	cpFile struct {
		Href string `xml:"href,attr"`
	}
	cpDependency struct {
		IdentifierRef string `xml:"identifierref,attr"`
	}

	qtiRoot struct {
		XMLName    xml.Name      `xml:"http://www.imsglobal.org/xsd/ims_qtiasiv1p2 questestinterop"`
		Assessment qtiAssessment `xml:"assessment"`
	}
	qtiAssessment struct {
		Ident    string     `xml:"ident,attr"`
		Title    string     `xml:"title,attr"`
		Metadata []qtiField `xml:"qtimetadata>qtimetadatafield"`
		Section  qtiSection `xml:"section"`
	}
	qtiSection struct {
		Ident string    `xml:"ident,attr"`
		Items []qtiItem `xml:"item"`
	}
	qtiItem struct {
		Ident         string            `xml:"ident,attr"`
		Title         string            `xml:"title,attr"`
		Metadata      []qtiField        `xml:"itemmetadata>qtimetadata>qtimetadatafield"`
		Presentation  qtiPresentation   `xml:"presentation"`
		Resprocessing qtiResprocessing  `xml:"resprocessing"`
		Feedback      []qtiItemFeedback `xml:"itemfeedback"`
	}
	qtiField struct {
		Label string `xml:"fieldlabel"`
		Entry string `xml:"fieldentry"`
	}
	qtiPresentation struct {
		Material qtiMaterial     `xml:"material"`
		Lids     []qtiLid        `xml:"response_lid"`
		Str      *qtiResponseStr `xml:"response_str"`
	}
	qtiMaterial struct {
		Text qtiMattext `xml:"mattext"`
	}
	// qtiMattext holds HTML as escaped text, as Canvas writes it.
	qtiMattext struct {
		Type string `xml:"texttype,attr,omitempty"`
		Text string `xml:",chardata"`
	}
	qtiLid struct {
		Ident       string       `xml:"ident,attr"`
		Cardinality string       `xml:"rcardinality,attr,omitempty"`
		Material    *qtiMaterial `xml:"material"`
		Labels      []qtiLabel   `xml:"render_choice>response_label"`
	}
	qtiLabel struct {
		Ident    string      `xml:"ident,attr"`
		Material qtiMaterial `xml:"material"`
	}
	qtiResponseStr struct {
		Ident       string `xml:"ident,attr"`
		Cardinality string `xml:"rcardinality,attr"`
		Label       struct {
			Ident   string `xml:"ident,attr"`
			Shuffle string `xml:"rshuffle,attr"`
		} `xml:"render_fib>response_label"`
	}
	qtiResprocessing struct {
		Decvar struct {
			Max     string `xml:"maxvalue,attr"`
			Min     string `xml:"minvalue,attr"`
			Varname string `xml:"varname,attr"`
			Vartype string `xml:"vartype,attr"`
		} `xml:"outcomes>decvar"`
		Conditions []qtiCondition `xml:"respcondition"`
	}
	qtiCondition struct {
		Continue string          `xml:"continue,attr,omitempty"`
		Var      qtiConditionVar `xml:"conditionvar"`
		Setvar   *qtiSetvar      `xml:"setvar"`
		Display  []qtiDisplay    `xml:"displayfeedback"`
	}
	qtiConditionVar struct {
		Other *struct{}     `xml:"other"`
		Equal []qtiVarequal `xml:"varequal"`
		And   *qtiAnd       `xml:"and"`
	}
	qtiAnd struct {
		Equal []qtiVarequal `xml:"varequal"`
		Not   []qtiVarequal `xml:"not>varequal"`
	}
	qtiVarequal struct {
		Respident string `xml:"respident,attr"`
		Value     string `xml:",chardata"`
	}
	qtiSetvar struct {
		Action  string `xml:"action,attr"`
		Varname string `xml:"varname,attr"`
		Value   string `xml:",chardata"`
	}
	qtiDisplay struct {
		Type      string `xml:"feedbacktype,attr"`
		LinkRefID string `xml:"linkrefid,attr"`
	}
	qtiItemFeedback struct {
		Ident    string      `xml:"ident,attr"`
		Material qtiMaterial `xml:"flow_mat>material"`
	}

	canvasMeta struct {
		XMLName            xml.Name         `xml:"http://canvas.instructure.com/xsd/cccv1p0 quiz"`
		Identifier         string           `xml:"identifier,attr"`
		Title              string           `xml:"title"`
		Description        string           `xml:"description"`
		ShuffleAnswers     bool             `xml:"shuffle_answers"`
		ScoringPolicy      string           `xml:"scoring_policy"`
		QuizType           string           `xml:"quiz_type"`
		PointsPossible     string           `xml:"points_possible"`
		ShowCorrectAnswers bool             `xml:"show_correct_answers"`
		AllowedAttempts    int              `xml:"allowed_attempts"`
		OneQuestionAtATime bool             `xml:"one_question_at_a_time"`
		CantGoBack         bool             `xml:"cant_go_back"`
		Available          bool             `xml:"available"`
		Assignment         canvasAssignment `xml:"assignment"`
	}
	canvasAssignment struct {
		Identifier      string `xml:"identifier,attr"`
		Title           string `xml:"title"`
		WorkflowState   string `xml:"workflow_state"`
		QuizRef         string `xml:"quiz_identifierref"`
		PointsPossible  string `xml:"points_possible"`
		GradingType     string `xml:"grading_type"`
		SubmissionTypes string `xml:"submission_types"`
	}
)

// zipTime is the time stamped on every file of the package, so that the same quizzes give the
// same bytes.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Canvas writes the knowledge checks as a QTI 1.2 package that Canvas imports as Classic Quizzes
// (Settings → Import Course Content → QTI .zip file), one quiz each, unpublished, worth a point per
// scored question:
//
//	single      multiple_choice_question
//	multiple    multiple_answers_question, marked all or nothing (Classic Quizzes still give
//	            part of the point for part of the right options)
//	truefalse   true_false_question
//	short       short_answer_question with every accepted answer, case ignored
//	order       matching_question: each item is matched to its place, 1 to n, for part of the
//	            point per item (Classic Quizzes have no ordering question)
//	reflection  essay_question worth 0 points, for the teacher to read
//
// It returns ErrSelfAssessment for a self-assessment.
func Canvas(quizzes []*quiz.Quiz) ([]byte, error) {
	if err := checkKinds(quizzes); err != nil {
		return nil, err
	}
	var ids []string
	for _, q := range quizzes {
		ids = append(ids, q.ID)
	}
	manifest := cpManifest{Identifier: ident("manifest", strings.Join(ids, ",")), Schema: "IMS Content", SchemaVersion: "1.1.3"}
	type file struct {
		name string
		v    any
	}
	files := []file{{"imsmanifest.xml", &manifest}}
	answerID := 0
	nextID := func() string { answerID++; return strconv.Itoa(answerID) }
	for _, q := range quizzes {
		aid, metaID := ident("quiz", q.ID), ident("meta", q.ID)
		qtiFile, metaFile := aid+"/"+aid+".xml", aid+"/assessment_meta.xml"
		manifest.Resources = append(manifest.Resources,
			cpResource{Identifier: aid, Type: resourceQTI, Files: []cpFile{{qtiFile}}, Dependencies: []cpDependency{{metaID}}},
			cpResource{Identifier: metaID, Type: resourceMeta, Href: metaFile, Files: []cpFile{{metaFile}}})
		root := qtiRoot{Assessment: qtiAssessment{Ident: aid, Title: xmlSafe(q.Title),
			Metadata: []qtiField{{"cc_maxattempts", "unlimited"}}, Section: qtiSection{Ident: "root_section"}}}
		for i, question := range q.Questions {
			root.Assessment.Section.Items = append(root.Assessment.Section.Items, canvasItem(q, i, question, nextID))
		}
		points := fmt.Sprintf("%d.0", q.MaxScore())
		meta := canvasMeta{Identifier: aid, Title: xmlSafe(q.Title),
			ShuffleAnswers: q.Shuffle, ScoringPolicy: "keep_highest", QuizType: "assignment", PointsPossible: points,
			ShowCorrectAnswers: true, AllowedAttempts: -1,
			Assignment: canvasAssignment{Identifier: ident("assignment", q.ID), Title: xmlSafe(q.Title), WorkflowState: "unpublished",
				QuizRef: aid, PointsPossible: points, GradingType: "points", SubmissionTypes: "online_quiz"}}
		files = append(files, file{qtiFile, &root}, file{metaFile, &meta})
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return nil, fmt.Errorf("writing %s: %w", f.name, err)
		}
		if _, err := w.Write([]byte(xml.Header)); err != nil {
			return nil, fmt.Errorf("writing %s: %w", f.name, err)
		}
		enc := xml.NewEncoder(w)
		enc.Indent("", "  ")
		if err := enc.Encode(f.v); err != nil {
			return nil, fmt.Errorf("writing %s: %w", f.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("writing the zip: %w", err)
	}
	return buf.Bytes(), nil
}

// canvasItem is one question as a QTI item in Canvas's dialect (lib/cc/qti/qti_items.rb).
func canvasItem(q *quiz.Quiz, i int, question quiz.Question, nextID func() string) qtiItem {
	html := func(s string) qtiMaterial { return qtiMaterial{qtiMattext{"text/html", xmlSafe(s)}} }
	it := qtiItem{Ident: ident("item", q.ID, question.ID), Title: fmt.Sprintf("%d. %s", i+1, question.ID)}
	it.Presentation.Material = html("<div>" + block(question.Prompt) + "</div>")
	rp := &it.Resprocessing
	rp.Decvar.Max, rp.Decvar.Min, rp.Decvar.Varname, rp.Decvar.Vartype = "100", "0", "SCORE", "Decimal"
	if e := block(question.Explanation); e != "" {
		it.Feedback = append(it.Feedback, qtiItemFeedback{"general_fb", html(e)})
		rp.Conditions = append(rp.Conditions, qtiCondition{Continue: "Yes", Var: qtiConditionVar{Other: &struct{}{}},
			Display: []qtiDisplay{{"Response", "general_fb"}}})
	}
	full := func(v qtiConditionVar) qtiCondition {
		return qtiCondition{Continue: "No", Var: v, Setvar: &qtiSetvar{"Set", "SCORE", "100"}}
	}
	var kind string
	var answerIDs []string
	switch question.Type {
	case quiz.Single, quiz.Multiple, quiz.TrueFalse:
		kind = map[string]string{quiz.Single: "multiple_choice_question", quiz.Multiple: "multiple_answers_question", quiz.TrueFalse: "true_false_question"}[question.Type]
		lid := qtiLid{Ident: "response1", Cardinality: "Single"}
		if question.Type == quiz.Multiple {
			lid.Cardinality = "Multiple"
		}
		type choice struct {
			material qtiMaterial
			feedback string
			correct  bool
		}
		var choices []choice
		if question.Type == quiz.TrueFalse {
			for _, v := range []bool{true, false} {
				label := map[bool]string{true: "True", false: "False"}[v]
				choices = append(choices, choice{qtiMaterial{qtiMattext{"text/plain", label}}, "", question.Answer != nil && *question.Answer == v})
			}
		} else {
			for _, o := range question.Options {
				choices = append(choices, choice{html(inline(o.Text)), block(o.Feedback), o.Correct})
			}
		}
		var right qtiConditionVar
		var and qtiAnd
		for _, c := range choices {
			id := nextID()
			answerIDs = append(answerIDs, id)
			lid.Labels = append(lid.Labels, qtiLabel{id, c.material})
			if c.feedback != "" {
				it.Feedback = append(it.Feedback, qtiItemFeedback{id + "_fb", html(c.feedback)})
				rp.Conditions = append(rp.Conditions, qtiCondition{Continue: "Yes",
					Var: qtiConditionVar{Equal: []qtiVarequal{{"response1", id}}}, Display: []qtiDisplay{{"Response", id + "_fb"}}})
			}
			switch {
			case question.Type != quiz.Multiple && c.correct:
				right.Equal = append(right.Equal, qtiVarequal{"response1", id})
			case c.correct:
				and.Equal = append(and.Equal, qtiVarequal{"response1", id})
			case question.Type == quiz.Multiple:
				and.Not = append(and.Not, qtiVarequal{"response1", id})
			}
		}
		if question.Type == quiz.Multiple {
			right.And = &and
		}
		it.Presentation.Lids = []qtiLid{lid}
		rp.Conditions = append(rp.Conditions, full(right))
	case quiz.Short, quiz.Reflection:
		str := &qtiResponseStr{Ident: "response1", Cardinality: "Single"}
		str.Label.Ident, str.Label.Shuffle = "answer1", "No"
		it.Presentation.Str = str
		if question.Type == quiz.Reflection {
			kind = "essay_question"
			rp.Conditions = append(rp.Conditions, qtiCondition{Continue: "No", Var: qtiConditionVar{Other: &struct{}{}}})
			break
		}
		kind = "short_answer_question"
		var right qtiConditionVar
		for _, a := range question.Accept {
			right.Equal = append(right.Equal, qtiVarequal{"response1", xmlSafe(strings.TrimSpace(a))})
		}
		rp.Conditions = append(rp.Conditions, full(right))
	case quiz.Order:
		kind = "matching_question"
		// Each item, in the order the site shows them, is matched with its place in the right order.
		places := make([]qtiLabel, len(question.Items))
		for k := range places {
			places[k] = qtiLabel{nextID(), qtiMaterial{qtiMattext{Text: strconv.Itoa(k + 1)}}}
		}
		share := fmt.Sprintf("%.2f", 100/float64(len(question.Items)))
		for _, k := range q.OrderShown(i) {
			id := nextID()
			answerIDs = append(answerIDs, id)
			// Classic Quizzes show the left side of a matching question as plain text.
			m := qtiMaterial{qtiMattext{"text/plain", xmlSafe(plain(question.Items[k]))}}
			it.Presentation.Lids = append(it.Presentation.Lids, qtiLid{Ident: "response_" + id, Material: &m, Labels: places})
			rp.Conditions = append(rp.Conditions, qtiCondition{Var: qtiConditionVar{Equal: []qtiVarequal{{"response_" + id, places[k].Ident}}},
				Setvar: &qtiSetvar{"Add", "SCORE", share}})
		}
	}
	points := "1.0"
	if question.Type == quiz.Reflection {
		points = "0.0"
	}
	it.Metadata = []qtiField{{"question_type", kind}, {"points_possible", points}, {"original_answer_ids", strings.Join(answerIDs, ",")}}
	return it
}
