package chartsvg

import "sync"

var shared struct {
	once sync.Once
	r    *Renderer
	err  error
}

// Shared is the process's renderer, made on first use with one runtime per core:
// every server in the process (tests start many) draws with the same cores, so they
// share one pool and compile the bundle once.
func Shared() (*Renderer, error) {
	shared.once.Do(func() { shared.r, shared.err = New(0, 0) })
	return shared.r, shared.err
}
