package pipeline

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kith/generator/site"
)

var archiveSite = map[string]string{
	"site.toml":                "title = \"Screen & Sense\"\nmastery_score = 75\n",
	"content/_index.md":        "+++\ntitle = \"Home\"\n+++\nWelcome.\n",
	"content/lessons/one.md":   "+++\ntitle = \"One\"\n+++\n```quiz\nbasics\n```\n",
	"content/files/a note.txt": "a file with a space in its name\n",
	"quizzes/basics.toml":      "title = \"Basics\"\nkind = \"knowledge\"\n\n[[questions]]\ntype = \"truefalse\"\nprompt = \"Is it?\"\nanswer = true\n",
}

func readZip(t *testing.T, file string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatalf("the zip cannot be read: %v", err)
	}
	defer zr.Close()
	out := map[string][]byte{}
	var prev string
	for _, f := range zr.File {
		if f.Name < prev {
			t.Errorf("entries are not sorted: %s after %s", f.Name, prev)
		}
		prev = f.Name
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		_, _ = b.ReadFrom(rc)
		rc.Close()
		out[f.Name] = b.Bytes()
	}
	return out
}

// TestBuildZip checks that --zip writes the portable build, the same bytes for the same site.
func TestBuildZip(t *testing.T) {
	src := writeSite(t, archiveSite)
	out := filepath.Join(t.TempDir(), "new folder", "site.zip")
	if _, err := BuildArchive(site.Options{Source: src}, out, Zip); err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	files := readZip(t, out)
	home, ok := files["index.html"]
	if !ok {
		t.Fatalf("no index.html in the zip; it holds %d files", len(files))
	}
	if !strings.Contains(string(home), `lessons/one/index.html"`) {
		t.Errorf("the home page does not link to lessons/one/index.html, so it breaks opened from disk:\n%s", home)
	}
	if _, ok := files["files/a note.txt"]; !ok {
		t.Error("the content file is not in the zip")
	}
	first, _ := os.ReadFile(out)
	if _, err := BuildArchive(site.Options{Source: src}, out, Zip); err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(out)
	if !bytes.Equal(first, second) {
		t.Error("two builds of the same site gave different zips")
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*"))
	if len(left) > 0 {
		t.Errorf("temporary files left beside the zip: %v", left)
	}
}

// TestBuildZipRefuses checks that a zip never replaces an author's file, and that nothing is
// written when the site has errors.
func TestBuildZipRefuses(t *testing.T) {
	src := writeSite(t, archiveSite)
	dir := t.TempDir()
	notZip := filepath.Join(dir, "notes.zip")
	os.WriteFile(notZip, []byte("my notes"), 0o644)
	folder := filepath.Join(dir, "folder.zip")
	os.Mkdir(folder, 0o755)
	for _, c := range []struct{ file, want string }{
		{filepath.Join(dir, "site.tar"), "does not end in .zip"},
		{notZip, "exists and is not a zip"},
		{folder, "is a folder"},
		{filepath.Join(src, "content", "site.zip"), "inside the site's content/ folder"},
	} {
		_, err := BuildArchive(site.Options{Source: src}, c.file, Zip)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to say %q", c.file, err, c.want)
		}
	}
	if b, _ := os.ReadFile(notZip); string(b) != "my notes" {
		t.Errorf("the author's file was changed to %q", b)
	}
	good := filepath.Join(dir, "good.zip")
	if _, err := BuildArchive(site.Options{Source: src}, good, Zip); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(good)
	os.WriteFile(filepath.Join(src, "quizzes", "basics.toml"), []byte("title = \n"), 0o644)
	if _, err := BuildArchive(site.Options{Source: src}, good, Zip); err == nil {
		t.Fatal("a site with a broken quiz built")
	}
	if after, _ := os.ReadFile(good); !bytes.Equal(before, after) {
		t.Error("a failed build changed the previous zip")
	}
}

// lmsManifest is the manifest as an LMS reads it, in the namespaces of imscp_rootv1p1p2 and
// adlcp_rootv1p2: a manifest without them does not parse.
type lmsManifest struct {
	XMLName  xml.Name `xml:"http://www.imsproject.org/xsd/imscp_rootv1p1p2 manifest"`
	Metadata struct {
		Schema        string `xml:"schema"`
		SchemaVersion string `xml:"schemaversion"`
	} `xml:"metadata"`
	Organizations struct {
		Default string `xml:"default,attr"`
		List    []struct {
			Identifier string `xml:"identifier,attr"`
			Title      string `xml:"title"`
			Items      []struct {
				IdentifierRef string `xml:"identifierref,attr"`
				MasteryScore  string `xml:"http://www.adlnet.org/xsd/adlcp_rootv1p2 masteryscore"`
			} `xml:"item"`
		} `xml:"organization"`
	} `xml:"organizations"`
	Resources []struct {
		Identifier string `xml:"identifier,attr"`
		Type       string `xml:"type,attr"`
		ScormType  string `xml:"http://www.adlnet.org/xsd/adlcp_rootv1p2 scormtype,attr"`
		Href       string `xml:"href,attr"`
		Files      []struct {
			Href string `xml:"href,attr"`
		} `xml:"file"`
	} `xml:"resources>resource"`
}

// TestBuildSCORM checks the package as an LMS reads it: the manifest parses, names the launch
// page, lists every file of the zip and only those, and carries the mastery score.
func TestBuildSCORM(t *testing.T) {
	src := writeSite(t, archiveSite)
	out := filepath.Join(t.TempDir(), "package.zip")
	if _, err := BuildArchive(site.Options{Source: src}, out, SCORM); err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	files := readZip(t, out)
	raw, ok := files["imsmanifest.xml"]
	if !ok {
		t.Fatal("no imsmanifest.xml at the zip's root")
	}
	var m lmsManifest
	if err := xml.Unmarshal(raw, &m); err != nil {
		t.Fatalf("the manifest does not parse: %v\n%s", err, raw)
	}
	if m.Metadata.Schema != "ADL SCORM" || m.Metadata.SchemaVersion != "1.2" {
		t.Errorf("metadata %+v, want ADL SCORM 1.2", m.Metadata)
	}
	if len(m.Organizations.List) != 1 || m.Organizations.List[0].Title != "Screen & Sense" || m.Organizations.Default != m.Organizations.List[0].Identifier {
		t.Fatalf("organizations %+v, want one, the default, titled as the site", m.Organizations)
	}
	items := m.Organizations.List[0].Items
	if len(items) != 1 || len(m.Resources) != 1 || items[0].IdentifierRef != m.Resources[0].Identifier {
		t.Fatalf("items %+v and resources: want one item naming the one resource", items)
	}
	if items[0].MasteryScore != "75" {
		t.Errorf("adlcp:masteryscore %q, want site.toml's 75", items[0].MasteryScore)
	}
	r := m.Resources[0]
	if r.Type != "webcontent" || r.ScormType != "sco" {
		t.Errorf("resource type %q scormtype %q, want webcontent and sco", r.Type, r.ScormType)
	}
	launch, err := url.PathUnescape(r.Href)
	if _, ok := files[launch]; err != nil || !ok {
		t.Errorf("the launch page %q is not in the zip", r.Href)
	}
	listed := map[string]bool{}
	for _, f := range r.Files {
		p, err := url.PathUnescape(f.Href)
		if _, ok := files[p]; err != nil || !ok {
			t.Errorf("the manifest lists %q, which is not in the zip", f.Href)
		}
		listed[p] = true
	}
	for name := range files {
		if name != "imsmanifest.xml" && !listed[name] {
			t.Errorf("%s is in the zip but not listed in the manifest", name)
		}
	}
	if !listed["files/a note.txt"] {
		t.Error("the file with a space in its name is not listed")
	}
	page := string(files[launch])
	for _, bad := range []string{"<script>", "<style", " style=", " onload="} {
		if strings.Contains(page, bad) {
			t.Errorf("the launch page holds %q, which the strict CSP refuses", bad)
		}
	}
}

// TestBuildSCORMRefusesTakenNames checks that an author's scorm/ folder is reported, not hidden.
func TestBuildSCORMRefusesTakenNames(t *testing.T) {
	files := map[string]string{"content/scorm/launch.md": "+++\ntitle = \"Mine\"\n+++\nx\n"}
	for k, v := range archiveSite {
		files[k] = v
	}
	src := writeSite(t, files)
	_, err := BuildArchive(site.Options{Source: src}, filepath.Join(t.TempDir(), "p.zip"), SCORM)
	if err == nil || !strings.Contains(err.Error(), "content/scorm/launch.md") || !strings.Contains(err.Error(), "SCORM package keeps its launch page") {
		t.Errorf("error %v, want one naming content/scorm/launch.md", err)
	}
}
