package readability

import "testing"

// Dictionary syllable counts for common words of the toolkit's register. The estimate need not
// be right for every word, but a grade built on it is only as good as its hit rate.
var dictionary = map[string]int{
	"the": 1, "streamer": 2, "relationship": 4, "parasocial": 4, "media": 3, "radio": 3, "video": 3,
	"television": 4, "audience": 3, "influencer": 4, "creator": 3, "feeling": 2, "feelings": 2,
	"people": 2, "make": 1, "makes": 1, "made": 1, "these": 1, "table": 2, "played": 1, "wanted": 2,
	"watched": 1, "buses": 2, "donation": 3, "donations": 3, "social": 2, "special": 2, "actual": 3,
	"every": 3, "evidence": 3, "research": 2, "researchers": 3, "lonely": 2, "loneliness": 3,
	"balance": 2, "bond": 1, "bonds": 1, "one-sided": 3, "friend": 1, "friendly": 2, "family": 3,
	"money": 2, "sponsored": 2, "advertising": 4, "attention": 3, "celebrity": 4, "character": 3,
	"experiment": 4, "identity": 4, "support": 2, "school": 1, "teacher": 2, "student": 2,
	"students": 2, "question": 2, "questions": 2, "answer": 2, "notice": 2, "noticed": 2, "comment": 2,
	"together": 3, "different": 3, "because": 2, "really": 2, "area": 3, "idea": 3, "create": 2,
	"created": 3, "study": 2, "studies": 2, "day": 1, "they": 1, "you": 1, "your": 1, "yes": 1,
	"likely": 2, "time": 1, "sometimes": 2, "private": 2, "privacy": 3, "habit": 2, "habits": 2,
	"online": 2, "offline": 2, "worries": 2, "emotional": 4, "real": 1, "chat": 1, "camera": 3,
}

func TestSyllableHitRate(t *testing.T) {
	hits := 0
	for w, want := range dictionary {
		got := 0
		for _, part := range splitWord(w) {
			got += syllables(part)
		}
		if got == want {
			hits++
		} else {
			t.Logf("%s: estimated %d, dictionary %d", w, got, want)
		}
	}
	if rate := float64(hits) / float64(len(dictionary)); rate < 0.9 {
		t.Errorf("syllable estimate matches the dictionary for %.0f%% of words; want at least 90%%", rate*100)
	}
}

func TestCounts(t *testing.T) {
	var s Stats
	s.Add("Maya watches a stream. She types a hello!")
	s.Add("A heading without a stop")
	s.Add("See e.g. the table, vs. the list. Done?")
	want := Stats{Sentences: 5, Words: 21}
	if s.Sentences != want.Sentences || s.Words != want.Words {
		t.Errorf("got %d sentences and %d words; want %d and %d", s.Sentences, s.Words, want.Sentences, want.Words)
	}
}

func TestGradeOrdersTexts(t *testing.T) {
	easy := "The cat sat on the mat. It was a big cat. The mat was red."
	teen := "Maya watches the same streamer almost every night. She knows his jokes and the name of his cat. When he asks the chat how their day was, she types an answer. It feels a lot like talking to a friend."
	hard := "Parasocial interaction constitutes an illusory experience of reciprocal interpersonal communication, whereas parasocial relationships denote enduring cross-situational socioemotional attachments that persist independently of immediate mediated exposure."
	ge, gt, gh := Grade(easy), Grade(teen), Grade(hard)
	if !(ge < 1 && gt > 1 && gt < 8 && gh > 16) {
		t.Errorf("grades easy %.1f, teen %.1f, academic %.1f; want easy < 1 < teen < 8 and academic > 16", ge, gt, gh)
	}
	if Grade("") != 0 {
		t.Error("empty text has a grade")
	}
}

func FuzzGrade(f *testing.F) {
	f.Add("Maya watches. e.g. 1956 one-and-a-half ’tis ... ?! é")
	f.Fuzz(func(t *testing.T, s string) {
		var st Stats
		st.Add(s)
		if st.Words > 0 && (st.Sentences < 1 || st.Syllables < st.Words) {
			t.Errorf("%q: %+v", s, st)
		}
	})
}
