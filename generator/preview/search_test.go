package preview_test

import (
	"bytes"
	"strings"
	"testing"

	"kith/generator/preview"
	"kith/generator/site"
)

// TestPreviewKeepsSearchCurrent: kith serve's search finds the words an author has just written,
// and stops finding the ones just deleted, without a full rebuild.
func TestPreviewKeepsSearchCurrent(t *testing.T) {
	dir := editSite(t)
	pv := preview.New(site.Options{Source: dir})
	snap, err := pv.Rebuild(nil)
	if err != nil {
		t.Fatal(err)
	}
	if docs := searchFiles(snap, "search/text-"); !bytes.Contains(docs, []byte("Second, linking")) {
		t.Fatalf("the search index lacks a lesson's text:\n%s", docs)
	}
	write(t, dir, "content/a/two.md", lessonFile("Two", 2, "## Zeppelins\n\nAirships, linking to [one](one.md)."))
	snap, err = pv.Rebuild([]string{"content/a/two.md"})
	if err != nil || snap.Full || !snap.Pending {
		t.Fatalf("a body edit: full = %v, err = %v; want an incremental rebuild that leaves the search index to Settle", snap != nil && snap.Full, err)
	}
	if snap, err = pv.Settle(); err != nil || snap == nil || snap.Pending {
		t.Fatalf("Settle: %v, %v", snap, err)
	}
	if words := snap.All()["search/words-0.js"]; !bytes.Contains(words, []byte(`"zeppelins"`)) || !bytes.Contains(words, []byte(`"airships"`)) {
		t.Errorf("after the edit the search index lacks the new heading and text:\n%s", words)
	}
	if bytes.Contains(snap.All()["search/words-0.js"], []byte(`"second"`)) {
		t.Errorf("after the edit the search index still finds the deleted word \"second\"")
	}
	if docs := searchFiles(snap, "search/docs-"); !bytes.Contains(docs, []byte(`"Zeppelins","zeppelins"`)) {
		t.Errorf("the new heading is not a result that links to its anchor:\n%s", docs)
	}
	if text := searchFiles(snap, "search/text-"); !bytes.Contains(text, []byte(`"Airships, linking to one."`)) {
		t.Errorf("the page's fragment lacks the new text its excerpts are cut from:\n%s", text)
	}
	fresh, err := preview.New(site.Options{Source: dir}).Rebuild(nil)
	if err != nil {
		t.Fatal(err)
	}
	for p, data := range fresh.All() {
		if strings.HasPrefix(p, "search/") && !bytes.Equal(snap.All()[p], data) {
			t.Errorf("after the edit the preview's %s differs from a fresh build's:\n%s\nwant\n%s", p, snap.All()[p], data)
		}
	}
}

// searchFiles returns the search index's files whose paths start with prefix (its doc shards,
// its pages' fragments), one after the other.
func searchFiles(snap *preview.Snapshot, prefix string) []byte {
	var out []byte
	for p, data := range snap.All() {
		if strings.HasPrefix(p, prefix) {
			out = append(out, data...)
		}
	}
	return out
}
