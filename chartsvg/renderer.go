// Package chartsvg draws charts on the server: Apache ECharts' own server-side SVG
// renderer (a custom build, echarts/echarts-ssr.js, made by scripts/echarts/build.sh)
// runs in modernc.org/quickjs, a JavaScript engine in pure Go, so the portal builds
// with CGO_ENABLED=0 and needs no Node at run time. The option it draws is the one
// go-echarts built for the page; the SVG it returns is cleaned for the portal's
// Content-Security-Policy (see clean.go).
package chartsvg

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"modernc.org/quickjs"
)

//go:embed echarts/echarts-ssr.js
var bundle string

// prelude gives the bundle what a browser would: it schedules nothing (an ssr
// drawing is synchronous), so timers are never called back.
const prelude = "var setTimeout = function () { return 0; }, clearTimeout = function () {};\n"

// exported puts the bundle's render function where quickjs's Call finds it.
const exported = "\nglobalThis.render = echartsSSR.render;\n"

// DefaultTimeout bounds one drawing: the largest chart draws in about 100 ms on a
// busy core; a drawing still running after this is stuck (or fed a pathological
// option) and is stopped.
const DefaultTimeout = 2 * time.Second

// memoryLimit bounds one runtime's heap: drawing the largest chart peaks far below it.
const memoryLimit = 128 << 20

// Picture is what to draw: an ECharts option (JSON) at a size in CSS pixels, with the
// chart's id (letters, digits and _; it prefixes the SVG's class names) and a label
// (the page's localised summary) for its aria-label and <title>.
type Picture struct {
	ID            string
	Option        []byte
	Width, Height int
	Label         string
}

// Renderer draws Pictures with a pool of JavaScript runtimes, one per core: a
// runtime is not safe for concurrent use, and a drawing keeps a core busy.
type Renderer struct {
	timeout  time.Duration
	bytecode []byte
	pool     chan *quickjs.VM // idle runtimes; nil slots are made on first use
	closing  sync.Once
}

// New compiles the bundle once and returns a renderer with size runtimes (NumCPU when
// size ≤ 0) and the given timeout per drawing (DefaultTimeout when ≤ 0).
func New(size int, timeout time.Duration) (*Renderer, error) {
	if size <= 0 {
		size = runtime.NumCPU()
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	vm, err := quickjs.NewVM()
	if err != nil {
		return nil, fmt.Errorf("chartsvg: new runtime: %w", err)
	}
	code, err := vm.Compile(prelude+bundle+exported, quickjs.EvalGlobal)
	if err != nil {
		vm.Close()
		return nil, fmt.Errorf("chartsvg: compile the ECharts bundle: %w", err)
	}
	r := &Renderer{timeout: timeout, bytecode: code, pool: make(chan *quickjs.VM, size)}
	if err := r.load(vm); err != nil {
		vm.Close()
		return nil, err
	}
	r.pool <- vm
	for i := 1; i < size; i++ {
		r.pool <- nil
	}
	return r, nil
}

// load runs the compiled bundle in a fresh runtime.
func (r *Renderer) load(vm *quickjs.VM) error {
	vm.SetMemoryLimit(memoryLimit)
	if _, err := vm.EvalBytecode(r.bytecode); err != nil {
		return fmt.Errorf("chartsvg: load the ECharts bundle: %w", err)
	}
	if err := vm.SetEvalTimeout(r.timeout); err != nil {
		return fmt.Errorf("chartsvg: set the drawing timeout: %w", err)
	}
	return nil
}

// ErrTimeout reports a drawing stopped by the timeout or by its context.
var ErrTimeout = errors.New("chartsvg: drawing took too long")

// Draw draws p and returns the cleaned SVG. It waits for a free runtime (or for ctx);
// a drawing interrupted by ctx or the timeout costs its runtime, which is replaced.
func (r *Renderer) Draw(ctx context.Context, p Picture) (string, error) {
	if p.Width <= 0 || p.Height <= 0 {
		return "", fmt.Errorf("chartsvg: %s: size %d×%d", p.ID, p.Width, p.Height)
	}
	var vm *quickjs.VM
	select {
	case vm = <-r.pool:
	case <-ctx.Done():
		return "", fmt.Errorf("chartsvg: %s: waiting for a runtime: %w", p.ID, ctx.Err())
	}
	if vm == nil {
		var err error
		if vm, err = quickjs.NewVM(); err != nil {
			r.pool <- nil
			return "", fmt.Errorf("chartsvg: new runtime: %w", err)
		}
		if err := r.load(vm); err != nil {
			vm.Close()
			r.pool <- nil
			return "", err
		}
	}
	stop := context.AfterFunc(ctx, vm.Interrupt)
	out, err := vm.Call("render", string(p.Option), p.Width, p.Height)
	interrupted := !stop() || ctx.Err() != nil
	if err != nil {
		// A runtime that was interrupted or failed mid-drawing may hold half-made
		// state: drop it and let the next drawing make a fresh one.
		vm.Close()
		r.pool <- nil
		if interrupted || errors.Is(err, context.DeadlineExceeded) || isInterrupt(err) {
			return "", fmt.Errorf("%w: %s (%v)", ErrTimeout, p.ID, err)
		}
		return "", fmt.Errorf("chartsvg: draw %s: %w", p.ID, err)
	}
	r.pool <- vm
	svg, ok := out.(string)
	if !ok {
		return "", fmt.Errorf("chartsvg: draw %s: got %T, want a string", p.ID, out)
	}
	return Clean(svg, p.ID, p.Label)
}

// isInterrupt recognises QuickJS's "interrupted" error (a timeout or Interrupt).
func isInterrupt(err error) bool {
	msg := strings.ToLower(err.Error())
	return strings.Contains(msg, "interrupted") || strings.Contains(msg, "timeout")
}

// Close frees the idle runtimes. Drawings still running keep theirs until they end.
func (r *Renderer) Close() {
	r.closing.Do(func() {
		for i := 0; i < cap(r.pool); i++ {
			select {
			case vm := <-r.pool:
				if vm != nil {
					vm.Close()
				}
			default:
				return
			}
		}
	})
}
