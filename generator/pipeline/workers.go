package pipeline

import (
	"bytes"
	"runtime"
	"sync"

	"kith/generator/diag"
	"kith/generator/render"
	"kith/generator/site"
)

// Sink receives the bytes of each output.
type Sink interface {
	Write(path string, data []byte) error
}

// renderAll renders outs into sink on all cores and returns what each page reported.
func renderAll(r *render.Renderer, outs []site.Output, sink Sink, list *diag.List) []render.Report {
	reports := make([]render.Report, len(outs))
	bufs := make([]bytes.Buffer, workers(len(outs)))
	forEach(allIndexes(len(outs)), func(w, i int) {
		buf := &bufs[w]
		buf.Reset()
		rep, err := r.Render(outs[i], buf, list)
		reports[i] = rep
		if err != nil {
			list.Add(err)
			return
		}
		if err := sink.Write(outs[i].Path, buf.Bytes()); err != nil {
			list.Errorf(outs[i].Path, 0, 0, "cannot write the output: %v", err)
		}
	})
	return reports
}

// workers is how many goroutines render n outputs: two a core, so that one renders while the
// other waits on the file system (measured: 5% faster on 10,000 lessons in tmpfs).
func workers(n int) int { return min(2*runtime.GOMAXPROCS(0), n) }

// Each calls do for 0..n-1 on all cores, as a build renders, and returns when all are done.
func Each(n int, do func(i int)) { forEach(allIndexes(n), func(_, i int) { do(i) }) }

// forEach calls do with each of the indexes, on all cores, and returns when all are done. do
// also gets the number of the worker calling it, below workers(len(indexes)), for state of its own.
func forEach(indexes []int, do func(worker, i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for w := range workers(len(indexes)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				do(w, i)
			}
		}()
	}
	for _, i := range indexes {
		next <- i
	}
	close(next)
	wg.Wait()
}

func allIndexes(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// Rendered is what rendering one output gave, kept in memory.
type Rendered struct {
	Data   []byte
	Report render.Report
	Diags  []*diag.Diagnostic
}

// RenderEach renders the outputs at the indexes which (every output when which is nil) on all
// cores into memory. The result has an entry for every output; those not rendered are empty.
func RenderEach(r *render.Renderer, outs []site.Output, which []int) []Rendered {
	if which == nil {
		which = allIndexes(len(outs))
	}
	res := make([]Rendered, len(outs))
	forEach(which, func(_, i int) { res[i] = renderOne(r, outs[i]) })
	return res
}

func renderOne(r *render.Renderer, o site.Output) Rendered {
	var buf bytes.Buffer
	var list diag.List
	rep, err := r.Render(o, &buf, &list)
	if err != nil {
		list.Add(err)
	}
	return Rendered{Data: buf.Bytes(), Report: rep, Diags: list.All()}
}
