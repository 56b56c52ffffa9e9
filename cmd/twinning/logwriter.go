package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"sync"
	"time"
)

// The request log is written through a buffer flushed every logFlushEvery, and at
// once after a warning or an error: a write(2) per request was a tenth of what a
// cached page costs to serve. A crash loses at most that much of the request log,
// never a warning or an error.
const logFlushEvery = 200 * time.Millisecond

// bufferedLog is an io.Writer with a buffer that Flush (or the ticker) empties.
type bufferedLog struct {
	mu sync.Mutex
	w  *bufio.Writer
}

func (b *bufferedLog) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.w.Write(p)
}

// Flush writes out what is buffered.
func (b *bufferedLog) Flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.w.Flush()
}

// newServerLog returns the server's logger on w and a function that stops its
// flusher and flushes what is left.
func newServerLog(w io.Writer) (*slog.Logger, func()) {
	b := &bufferedLog{w: bufio.NewWriterSize(w, 64<<10)}
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(logFlushEvery)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				b.Flush()
			case <-done:
				return
			}
		}
	}()
	h := flushOnWarn{Handler: slog.NewTextHandler(b, nil), flush: b}
	return slog.New(h), func() { close(done); <-stopped; b.Flush() }
}

// flushOnWarn flushes the buffer after every record at warning level or above.
type flushOnWarn struct {
	slog.Handler
	flush interface{ Flush() error }
}

func (h flushOnWarn) Handle(ctx context.Context, r slog.Record) error {
	err := h.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelWarn {
		h.flush.Flush()
	}
	return err
}

func (h flushOnWarn) WithAttrs(as []slog.Attr) slog.Handler {
	return flushOnWarn{Handler: h.Handler.WithAttrs(as), flush: h.flush}
}

func (h flushOnWarn) WithGroup(name string) slog.Handler {
	return flushOnWarn{Handler: h.Handler.WithGroup(name), flush: h.flush}
}
