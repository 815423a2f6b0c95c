package sitefs

import (
	"path"
	"slices"
	"strings"
)

// The names of a site's files and folders, as slash paths from the site's folder.
const (
	ConfigFile = "site.toml" // the site's settings
	ContentDir = "content"   // pages, and files published as they are
	QuizDir    = "quizzes"   // one TOML file a quiz
	ThemesDir  = "themes"    // a site's own themes, or its overrides of the default one
	OutputDir  = "public"    // where kith build writes when no --dest is given
)

// InputRoots are the folders of a site whose files are inputs of a build.
var InputRoots = []string{ContentDir, QuizDir, ThemesDir}

// ThemeDir is the slash path of the theme name's folder in a site: "themes/name".
func ThemeDir(name string) string { return path.Join(ThemesDir, name) }

// LayoutsDir is the slash path, ending in a slash, of the theme name's layouts in a site.
func LayoutsDir(name string) string { return ThemeDir(name) + "/layouts/" }

// IsInput reports whether a slash path from the site's folder is, or may hold, an input of a
// build: site.toml, or a file under one of InputRoots that is not editor noise.
func IsInput(rel string) bool {
	if rel == ConfigFile {
		return true
	}
	top, _, _ := strings.Cut(rel, "/")
	return slices.Contains(InputRoots, top) && !IgnoredPath(rel)
}

// IgnoredPath reports whether any folder or file name along a slash path is Ignored.
func IgnoredPath(rel string) bool { return slices.ContainsFunc(strings.Split(rel, "/"), Ignored) }

// Ignored reports whether a file or folder name is an editor's temporary file, a backup or hidden:
// vim's .swp, .swx and 4913, backups ending in ~, Emacs's #name#, and JetBrains IDEs' saves
// through name___jb_tmp___ and name___jb_old___. kith neither reads nor publishes them, and
// kith serve does not rebuild when they change.
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp") ||
		strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".tmp") || name == "4913" ||
		(strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#")) ||
		strings.HasSuffix(name, "___jb_tmp___") || strings.HasSuffix(name, "___jb_old___")
}
