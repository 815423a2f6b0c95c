package theme

import (
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"kith/generator/config"
	"kith/generator/diag"
)

// TestLanguageWithoutStringsWarns checks that a site in a language kith has no strings for is
// told which file to add, and that one kith ships, or the site adds, is not.
func TestLanguageWithoutStringsWarns(t *testing.T) {
	cases := []struct {
		lang     string
		siteFile string // an i18n file the site adds under themes/default/
		want     string // in the warning; "" for none
	}{
		{lang: "pt", want: "add themes/default/i18n/pt.toml to the site's folder"},
		{lang: "pt-BR", want: "add themes/default/i18n/pt-BR.toml to the site's folder (or themes/default/i18n/pt.toml"},
		{lang: "pt", siteFile: "pt.toml"},
		{lang: "pt-BR", siteFile: "pt.toml"},
		{lang: "en"},
		{lang: "es"},
		{lang: "fr-CA"},
		{lang: "de"},
	}
	for _, c := range cases {
		t.Run(c.lang+"+"+c.siteFile, func(t *testing.T) {
			dir := t.TempDir()
			if c.siteFile != "" {
				i18n := filepath.Join(dir, "themes", "default", "i18n")
				if err := os.MkdirAll(i18n, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(i18n, c.siteFile), []byte("home = \"Início\"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			th, ds := Load(dir, &config.Config{Theme: "default", Language: c.lang}, siteFuncs)
			if th == nil || diag.HasError(ds) {
				t.Fatalf("the theme did not load: %v", ds)
			}
			var warnings []string
			for _, d := range ds {
				warnings = append(warnings, d.Error())
			}
			switch {
			case c.want == "" && len(warnings) > 0:
				t.Errorf("language %q: unexpected warnings %q", c.lang, warnings)
			case c.want != "" && (len(warnings) != 1 || !strings.Contains(warnings[0], c.want) || !strings.Contains(warnings[0], "warning")):
				t.Errorf("language %q: warnings %q; want one naming %q", c.lang, warnings, c.want)
			}
			if c.siteFile != "" && th.Strings["home"] != "Início" {
				t.Errorf("the site's %s was not used: home = %q", c.siteFile, th.Strings["home"])
			}
		})
	}
}

// siteFuncs stand for the functions generator/site gives the templates, which parsing needs.
var siteFuncs = template.FuncMap{
	"markdown":    func(string) template.HTML { return "" },
	"inline":      func(string) template.HTML { return "" },
	"searchWords": func() int { return 1 },
}

var placeholderRE = regexp.MustCompile(`\{[a-z_]+\}`)

// TestTranslationsAreComplete checks that every language kith ships has every string of
// en.toml, no string en.toml lacks, and the same {placeholders}, which the quiz runtime fills in.
func TestTranslationsAreComplete(t *testing.T) {
	read := func(lang string) map[string]string {
		var m map[string]string
		if _, err := toml.DecodeFile(filepath.Join("..", "..", "themes", "default", "i18n", lang+".toml"), &m); err != nil {
			t.Fatalf("%s.toml: %v", lang, err)
		}
		return m
	}
	en := read("en")
	langs := Shipped()
	for _, want := range []string{"de", "en", "es", "fr"} {
		if !slices.Contains(langs, want) {
			t.Errorf("kith ships no %s.toml", want)
		}
	}
	for _, lang := range langs {
		if lang == "en" {
			continue
		}
		tr := read(lang)
		var missing, extra, placeholders []string
		for k, v := range en {
			got, ok := tr[k]
			switch {
			case !ok:
				missing = append(missing, k+" = "+strconvQuote(v))
			case !slices.Equal(sorted(placeholderRE.FindAllString(v, -1)), sorted(placeholderRE.FindAllString(got, -1))):
				placeholders = append(placeholders, k)
			case strings.TrimSpace(got) == "":
				missing = append(missing, k+" (empty)")
			}
		}
		for k := range tr {
			if _, ok := en[k]; !ok {
				extra = append(extra, k)
			}
		}
		slices.Sort(missing)
		slices.Sort(extra)
		slices.Sort(placeholders)
		if len(missing) > 0 {
			t.Errorf("themes/default/i18n/%s.toml lacks %d strings of en.toml; translate these:\n%s", lang, len(missing), strings.Join(missing, "\n"))
		}
		if len(extra) > 0 {
			t.Errorf("themes/default/i18n/%s.toml has strings en.toml does not: %s", lang, strings.Join(extra, ", "))
		}
		if len(placeholders) > 0 {
			t.Errorf("themes/default/i18n/%s.toml changes the {placeholders} of: %s", lang, strings.Join(placeholders, ", "))
		}
	}
}

func sorted(s []string) []string { slices.Sort(s); return s }

func strconvQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }
