// Package content reads a site's content/ folder: every Markdown page with its front matter, the
// sections its folders make, their order, and the other files to copy.
package content

import (
	"errors"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"kith/generator/diag"
	"kith/generator/sitefs"
	"kith/generator/tomlx"
)

// Dir is the folder, inside a site, that holds its pages.
const Dir = sitefs.ContentDir

// Page is one Markdown file: a lesson, or a section's own page (_index.md).
type Page struct {
	FrontMatter
	File     string    // slash path from the site's folder: "content/lessons/first.md"; "" for a page kith made up
	Path     string    // URL path from the site's root, ending in "/": "lessons/first/"; "" for the home page
	Body     []byte    // the Markdown after the front matter
	BodyLine int       // the file's line on which Body starts
	Section  *Section  // the section the page is listed in; a section page's own section
	IsIndex  bool      // whether the page is a section's own page
	Prev     *Page     // the previous lesson of its section
	Next     *Page     // the next lesson of its section
	SlugAt   tomlx.Pos // where the front matter sets slug, for messages about the URL it makes
	// For is who the page is for: its own audience, or else its section's.
	For        Audience
	AudienceAt tomlx.Pos // where the front matter sets audience
}

// Section is a folder under content/.
type Section struct {
	Dir      string // slash path from content/: "" for the root, "lessons/basics"
	Path     string // URL path: "" for the root, "lessons/basics/"
	Index    *Page  // the section's own page, made up from the folder name when it has no _index.md
	Lessons  []*Page
	Sections []*Section
	Parent   *Section
	For      Audience // who the section is for: its _index.md's audience, or else its parent's
}

// Title is the section's title: its _index.md's, or one made from its folder's name.
func (s *Section) Title() string { return s.Index.Title }

// Ancestors returns the sections from the root down to s's parent.
func (s *Section) Ancestors() []*Section {
	var out []*Section
	for p := s.Parent; p != nil; p = p.Parent {
		out = append([]*Section{p}, out...)
	}
	return out
}

// Contains reports whether p is s's own page, one of its lessons, or in a section below it.
func (s *Section) Contains(p *Page) bool {
	for sec := p.Section; sec != nil; sec = sec.Parent {
		if sec == s {
			return true
		}
	}
	return false
}

// Site is everything under content/.
type Site struct {
	Root   *Section
	Pages  []*Page          // every page in reading order: a section's page, its lessons, then its subsections
	Files  []string         // other files, slash paths from content/, sorted
	ByFile map[string]*Page // pages by File
	ByPath map[string]*Page // pages by Path
	// Unreadable are the Markdown files left out for errors of their own, by File; links to
	// them are not reported again as broken.
	Unreadable map[string]bool
	// Drafts counts the pages marked draft = true that were left out.
	Drafts int
	// Edition is who the site was loaded for.
	Edition Audience
	// Withheld is what the edition leaves out.
	Withheld Withheld
}

// Withheld are the pages and files an edition leaves out (drafts are not among them). Links to
// them become plain text rather than broken links.
type Withheld struct {
	ByFile map[string]*Page // by File
	ByPath map[string]*Page // by Path
	Files  map[string]bool  // other files, by slash path from content/
	Dirs   []string         // the folders of the sections withheld whole, from content/
}

// HoldsFile reports whether rel, a slash path from content/, is a file the edition leaves out:
// one in the folder of a section it withholds, even a file added since the site was loaded.
func (w *Withheld) HoldsFile(rel string) bool {
	for _, d := range w.Dirs {
		if strings.HasPrefix(rel, d+"/") {
			return true
		}
	}
	return false
}

func (w *Withheld) add(p *Page) {
	if p.File != "" {
		w.ByFile[p.File] = p
	}
	w.ByPath[p.Path] = p
}

// Lessons returns every lesson (not section pages) in reading order.
func (s *Site) Lessons() []*Page {
	var out []*Page
	for _, p := range s.Pages {
		if !p.IsIndex {
			out = append(out, p)
		}
	}
	return out
}

// Load reads siteDir/content for the edition. Draft pages, and sections whose _index.md is a
// draft, are left out unless drafts is true; pages and sections for an audience the edition
// does not publish are withheld, with the files in those sections' folders.
func Load(siteDir string, drafts bool, edition Audience) (*Site, []*diag.Diagnostic) {
	var list diag.List
	var mdFiles []string
	site := &Site{ByFile: map[string]*Page{}, ByPath: map[string]*Page{}, Edition: edition,
		Withheld: Withheld{ByFile: map[string]*Page{}, ByPath: map[string]*Page{}, Files: map[string]bool{}}}
	root := filepath.Join(siteDir, Dir)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if err != nil {
			if p == root && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			list.Errorf(path.Join(Dir, rel), 0, 0, "cannot read: %v", err)
			return nil
		}
		if p != root && sitefs.Ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if strings.HasSuffix(d.Name(), ".md") {
			mdFiles = append(mdFiles, rel)
		} else {
			site.Files = append(site.Files, rel)
		}
		return nil
	})
	if err != nil {
		list.Errorf(Dir, 0, 0, "cannot read: %v", err)
	}
	checkNames(append(slices.Clip(mdFiles), site.Files...), &list)
	pages := readPages(siteDir, mdFiles, &list)
	site.Unreadable = map[string]bool{}
	for i, p := range pages {
		switch {
		case p == nil:
			site.Unreadable[Dir+"/"+mdFiles[i]] = true
		case p.Draft && !drafts:
			site.Drafts++
		}
	}
	site.Root, site.Withheld.Dirs = assemble(pages, drafts, edition, &site.Withheld, &list)
	site.Files = slices.DeleteFunc(site.Files, func(f string) bool {
		if site.Withheld.HoldsFile(f) {
			site.Withheld.Files[f] = true
			return true
		}
		return false
	})
	site.walk(site.Root)
	linkLessons(site.Root)
	sort.Strings(site.Files)
	return site, list.All()
}

// readPages reads and splits every Markdown file, on all cores.
func readPages(siteDir string, files []string, list *diag.List) []*Page {
	pages := make([]*Page, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				pages[i] = readPage(siteDir, files[i], list)
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return pages
}

func readPage(siteDir, rel string, list *diag.List) *Page {
	file := path.Join(Dir, rel)
	src, err := sitefs.ReadFile(siteDir, file)
	if err != nil {
		list.Errorf(file, 0, 0, "cannot read: %v", err)
		return nil
	}
	fm, body, bodyLine, ds := ParseFrontMatter(file, src)
	if len(ds) > 0 {
		list.Add(ds...)
		return nil
	}
	p := &Page{FrontMatter: fm, File: file, Body: body, BodyLine: bodyLine, IsIndex: path.Base(rel) == "_index.md"}
	if fm.Slug != "" {
		front, _, _, _, _ := Split(src)
		pos := tomlx.Locate(front).AtOr("slug")
		p.SlugAt = tomlx.Pos{Line: pos.Line + 1, Col: pos.Col} // the front matter starts on the file's line 2
		if msg := checkSlug(fm.Slug); msg != "" {
			list.Errorf(file, p.SlugAt.Line, p.SlugAt.Col, "%s", msg)
			return nil
		}
		if p.IsIndex {
			list.Errorf(file, p.SlugAt.Line, p.SlugAt.Col, "a section page cannot set slug: rename the folder instead")
			return nil
		}
	}
	if fm.Audience != "" {
		front, _, _, _, _ := Split(src)
		pos := tomlx.Locate(front).AtOr("audience")
		p.AudienceAt = tomlx.Pos{Line: pos.Line + 1, Col: pos.Col}
		if _, ok := ParseAudience(string(fm.Audience)); !ok {
			list.Errorf(file, p.AudienceAt.Line, p.AudienceAt.Col, "audience %q is not an audience: use %s (a section's applies to its pages)", fm.Audience, AudienceList())
			return nil
		}
	}
	return p
}

func checkSlug(s string) string {
	if strings.ContainsAny(s, `/\`) || s == "." || s == ".." || strings.HasPrefix(s, ".") {
		return "slug " + strconv.Quote(s) + " must be one URL segment such as \"first-steps\": no slashes, and it may not start with a dot"
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.IsSpace(r) || strings.ContainsRune(`?#%"<>`, r) {
			return "slug " + strconv.Quote(s) + " contains " + strconv.Quote(string(r)) + ": use letters, digits and hyphens"
		}
	}
	return ""
}

// Segment turns a file or folder name into a URL segment: lower case, spaces as hyphens.
func Segment(name string) string {
	name = strings.TrimSuffix(name, ".md")
	return strings.ToLower(strings.Join(strings.Fields(name), "-"))
}

// assemble builds the section tree from the pages, leaving out drafts and withholding what the
// edition does not publish. It returns the folders of the sections withheld whole.
func assemble(pages []*Page, drafts bool, edition Audience, withheld *Withheld, list *diag.List) (*Section, []string) {
	root := &Section{}
	sections := map[string]*Section{"": root}
	var ensure func(dir string) *Section
	ensure = func(dir string) *Section {
		if s, ok := sections[dir]; ok {
			return s
		}
		parent := ensure(parentDir(dir))
		s := &Section{Dir: dir, Path: parent.Path + Segment(path.Base(dir)) + "/", Parent: parent}
		sections[dir] = s
		parent.Sections = append(parent.Sections, s)
		return s
	}
	for _, p := range pages {
		if p == nil {
			continue
		}
		rel := strings.TrimPrefix(p.File, Dir+"/")
		s := ensure(parentDir(rel))
		p.Section = s
		if p.IsIndex {
			s.Index = p
			p.Path = s.Path
			continue
		}
		seg := Segment(path.Base(rel))
		if p.Slug != "" {
			seg = p.Slug
		}
		p.Path = s.Path + seg + "/"
		s.Lessons = append(s.Lessons, p)
	}
	settle(root, All, list)
	dirs := prune(root, drafts, edition, withheld)
	fill(root)
	return root, dirs
}

// settle works out who every section and page below s is for: its own audience, or else its
// section's. A teachers' section's pages are for teachers whatever they say, and saying
// otherwise is an error, so that an edition never shows a page whose section it leaves out.
func settle(s *Section, inherited Audience, list *diag.List) {
	s.For = inherited
	if s.Index != nil {
		s.For = s.Index.audienceIn(inherited, list)
		s.Index.For = s.For
		if s.Dir == "" && s.For == Teachers {
			at := s.Index.AudienceAt
			list.Errorf(s.Index.File, at.Line, at.Col, "the home page cannot be for teachers only, since every edition needs one: set audience on the teachers' pages or on their section's _index.md instead")
		}
	}
	for _, p := range s.Lessons {
		p.For = p.audienceIn(s.For, list)
	}
	for _, sub := range s.Sections {
		settle(sub, s.For, list)
	}
}

// audienceIn returns who p is for in a section for the audience section.
func (p *Page) audienceIn(section Audience, list *diag.List) Audience {
	if p.Audience == "" || p.Audience == section {
		return section
	}
	if section == Teachers {
		list.Errorf(p.File, p.AudienceAt.Line, p.AudienceAt.Col, "audience %q: the page is in a teachers' section, so it is for teachers too: remove audience here, or move the page out of that section's folder", p.Audience)
		return Teachers
	}
	return p.Audience
}

func parentDir(rel string) string {
	d := path.Dir(rel)
	if d == "." {
		return ""
	}
	return d
}

// prune drops drafts (unless drafts is set), withholds what the edition does not publish, and
// drops sections left with nothing to show. It returns the folders of the sections withheld.
func prune(s *Section, drafts bool, edition Audience, withheld *Withheld) []string {
	var dirs []string
	var kept []*Page
	for _, p := range s.Lessons {
		switch {
		case p.Draft && !drafts:
		case !edition.Publishes(p.For):
			withheld.add(p)
		default:
			kept = append(kept, p)
		}
	}
	s.Lessons = kept
	var subs []*Section
	for _, sub := range s.Sections {
		if !drafts && sub.Index != nil && sub.Index.Draft {
			continue
		}
		if !edition.Publishes(sub.For) {
			withholdAll(sub, drafts, withheld)
			dirs = append(dirs, sub.Dir)
			continue
		}
		dirs = append(dirs, prune(sub, drafts, edition, withheld)...)
		if sub.Index == nil && len(sub.Lessons) == 0 && len(sub.Sections) == 0 {
			continue
		}
		subs = append(subs, sub)
	}
	s.Sections = subs
	return dirs
}

// withholdAll withholds s's pages and every section below it, except drafts.
func withholdAll(s *Section, drafts bool, withheld *Withheld) {
	if s.Index != nil && (drafts || !s.Index.Draft) {
		withheld.add(s.Index)
	} else if s.Index != nil {
		return // a draft section's pages are drafts too
	}
	for _, p := range s.Lessons {
		if drafts || !p.Draft {
			withheld.add(p)
		}
	}
	for _, sub := range s.Sections {
		withholdAll(sub, drafts, withheld)
	}
}

// fill makes up the pages of sections without _index.md and sorts everything.
func fill(s *Section) {
	if s.Index == nil {
		title := "Home"
		if s.Dir != "" {
			title = folderTitle(path.Base(s.Dir))
		}
		s.Index = &Page{FrontMatter: FrontMatter{Title: title}, Path: s.Path, Section: s, IsIndex: true}
	}
	sortPages(s.Lessons)
	for _, sub := range s.Sections {
		fill(sub)
	}
	sort.SliceStable(s.Sections, func(i, j int) bool { return less(s.Sections[i].Index, s.Sections[j].Index) })
}

func folderTitle(name string) string {
	name = strings.NewReplacer("-", " ", "_", " ").Replace(name)
	r := []rune(strings.TrimLeft(name, "0123456789 "))
	if len(r) == 0 {
		return name
	}
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

func sortPages(ps []*Page) { sort.SliceStable(ps, func(i, j int) bool { return less(ps[i], ps[j]) }) }

// less orders pages by weight, then title. Pages without a weight come after weighted ones.
func less(a, b *Page) bool {
	if a.Weight != b.Weight {
		if a.Weight == 0 || b.Weight == 0 {
			return b.Weight == 0
		}
		return a.Weight < b.Weight
	}
	if a.Title != b.Title {
		return a.Title < b.Title
	}
	return a.File < b.File
}

func (site *Site) walk(s *Section) {
	site.add(s.Index)
	for _, p := range s.Lessons {
		site.add(p)
	}
	for _, sub := range s.Sections {
		site.walk(sub)
	}
}

func (site *Site) add(p *Page) {
	site.Pages = append(site.Pages, p)
	if p.File != "" {
		site.ByFile[p.File] = p
	}
	site.ByPath[p.Path] = p
}

// linkLessons chains each section's lessons in order: a section is a sequence, but the next
// section is not its next lesson.
func linkLessons(s *Section) {
	for i := 1; i < len(s.Lessons); i++ {
		s.Lessons[i].Prev, s.Lessons[i-1].Next = s.Lessons[i-1], s.Lessons[i]
	}
	for _, sub := range s.Sections {
		linkLessons(sub)
	}
}

// Reorder puts the lessons of s back in order after their front matter changed, and links them
// and the site's reading order anew.
func (site *Site) Reorder(s *Section) {
	sortPages(s.Lessons)
	for _, p := range s.Lessons {
		p.Prev, p.Next = nil, nil
	}
	linkLessons(s)
	site.Pages = site.Pages[:0]
	site.walk(site.Root)
}

// SectionOf returns the section of the folder dir (a slash path from content/), or nil.
func (site *Site) SectionOf(dir string) *Section {
	var find func(s *Section) *Section
	find = func(s *Section) *Section {
		if s.Dir == dir {
			return s
		}
		for _, sub := range s.Sections {
			if strings.HasPrefix(dir, sub.Dir) {
				if found := find(sub); found != nil {
					return found
				}
			}
		}
		return nil
	}
	return find(site.Root)
}

// AddLesson adds a lesson written in file to its folder's section and returns it. It returns
// nil when the folder is no section yet, the lesson's URL is taken or it sets an audience of its
// own: the caller must load the whole site then.
func (site *Site) AddLesson(file string, fm FrontMatter, body []byte, bodyLine int) *Page {
	rel := strings.TrimPrefix(file, Dir+"/")
	s := site.SectionOf(parentDir(rel))
	// A lesson whose own audience differs from its section's may be withheld, or wrong.
	if s == nil || path.Base(rel) == "_index.md" || fm.Audience != "" && fm.Audience != s.For {
		return nil
	}
	seg := Segment(path.Base(rel))
	if fm.Slug != "" {
		seg = fm.Slug
	}
	p := &Page{FrontMatter: fm, File: file, Path: s.Path + seg + "/", Body: body, BodyLine: bodyLine, Section: s, For: s.For}
	if site.ByPath[p.Path] != nil {
		return nil
	}
	s.Lessons = append(s.Lessons, p)
	site.Reorder(s)
	return p
}

// RemoveLesson takes a lesson out of the site. It reports false, changing nothing, when that
// would leave its section with nothing to show: the caller must load the whole site then.
func (site *Site) RemoveLesson(p *Page) bool {
	s := p.Section
	if p.IsIndex || (s.Index.File == "" && len(s.Lessons) == 1 && len(s.Sections) == 0) {
		return false
	}
	s.Lessons = slices.DeleteFunc(s.Lessons, func(l *Page) bool { return l == p })
	delete(site.ByFile, p.File)
	delete(site.ByPath, p.Path)
	site.Reorder(s)
	return true
}
