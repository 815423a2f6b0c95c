package pipeline

// DirSink is the build's writer into the folder dir, for the benchmarks.
func DirSink(dir string) Sink { return &dirSink{root: dir, build: &stagings{}} }
