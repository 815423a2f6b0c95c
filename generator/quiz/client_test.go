package quiz

import (
	"encoding/base64"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// TestClientJSONHidesRightAnswers: the JSON a page holds names no right answer as plain text,
// and unsealing it, as quiz.js does, gives back exactly what the runtime scores.
func TestClientJSONHidesRightAnswers(t *testing.T) {
	for _, file := range []string{"testdata/valid/knowledge.toml", "testdata/valid/short-answers.toml", "testdata/valid/inline-tables.toml"} {
		q := mustParse(t, file)
		page, err := q.ClientJSON()
		if err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{`"correct"`, `"answer"`, `"accept"`, `"items"`} {
			if strings.Contains(string(page), key) {
				t.Errorf("%s: the page's quiz data holds %s in plain text: %s", file, key, page)
			}
		}
		for _, question := range q.Questions {
			var secrets []string
			secrets = append(secrets, question.Accept...)
			secrets = append(secrets, question.Items...)
			for _, o := range question.Options {
				if o.Correct {
					secrets = append(secrets, o.Text)
				}
			}
			for _, s := range secrets {
				if enc, _ := json.Marshal(s); strings.Contains(string(page), string(enc)) {
					t.Errorf("%s: question %s: the page's quiz data shows the right answer %q", file, question.ID, s)
				}
			}
		}
		var sealed struct {
			Key, Sealed string
			Questions   []map[string]any
		}
		if err := json.Unmarshal(page, &sealed); err != nil {
			t.Fatal(err)
		}
		key, err1 := base64.StdEncoding.DecodeString(sealed.Key)
		data, err2 := base64.StdEncoding.DecodeString(sealed.Sealed)
		if err1 != nil || err2 != nil || len(key) == 0 {
			t.Fatalf("%s: key or sealed answers are not base64: %v %v", file, err1, err2)
		}
		var answers []map[string]any
		if err := json.Unmarshal(seal(data, key), &answers); err != nil {
			t.Fatalf("%s: the unsealed answers are not JSON: %v", file, err)
		}
		for i, a := range answers {
			for k, v := range a {
				sealed.Questions[i][k] = v
			}
		}
		var got, want map[string]any
		unsealed, _ := json.Marshal(map[string]any{"questions": sealed.Questions})
		plain, _ := json.Marshal(q.scoringData())
		json.Unmarshal(unsealed, &got)
		json.Unmarshal(plain, &want)
		if !reflect.DeepEqual(got["questions"], want["questions"]) {
			t.Errorf("%s: unsealed questions differ from what is scored:\n got %v\nwant %v", file, got["questions"], want["questions"])
		}
	}
}
