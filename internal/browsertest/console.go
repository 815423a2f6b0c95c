package browsertest

import (
	"context"
	"sync"

	"github.com/chromedp/chromedp"
)

// Console collects what a tab reports as errors: uncaught exceptions and console errors (a script
// refused by the Content-Security-Policy, a request refused), for a test to assert there were none.
type Console struct {
	mu  sync.Mutex
	log []string
}

// WatchConsole starts collecting the errors of the tab in ctx.
func WatchConsole(ctx context.Context) *Console {
	c := &Console{}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == chromedp.ConsoleError {
				c.mu.Lock()
				c.log = append(c.log, m.String())
				c.mu.Unlock()
			}
		}
	}()
	return c
}

// Errors returns the errors collected so far.
func (c *Console) Errors() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.log...)
}
