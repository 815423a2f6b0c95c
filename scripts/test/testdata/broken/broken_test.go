// Package broken does not compile, for scripts/test's own test of a package that fails to build.
package broken

import "testing"

func TestNothing(t *testing.T) { var n int = "not a number" }
