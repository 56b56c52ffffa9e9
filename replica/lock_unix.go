//go:build unix

package replica

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
)

// lock takes the replication lock of the database at path: one process at a time
// may ship it to a replica (serve -replica) or follow a replica into it (follow).
// Two would each write the replica's history, or the file, as if alone, and
// corrupt it. The lock is flock(2) on a file beside the database, which the kernel
// drops when the process ends, kill -9 included, so a crash leaves nothing to
// clean up. what says what this process does, for the other's error message.
func lock(path, what string) (unlock func(), err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("replication lock of %s: %w", path, err)
	}
	// The folder may not exist yet (a restore or a follower's first start makes it).
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, fmt.Errorf("replication lock: %w", err)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real // two names of one file take one lock
	}
	name := abs + ".replication.lock"
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("replication lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder := make([]byte, 200)
		n, _ := f.ReadAt(holder, 0)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("replica: %s is taken (%s; lock %s): %w",
				path, strings.TrimSpace(string(holder[:n])), name, ErrLocked)
		}
		return nil, fmt.Errorf("replication lock %s: %w", name, err)
	}
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(fmt.Sprintf("pid %d, %s\n", os.Getpid(), what)), 0)
	var once sync.Once
	return func() {
		once.Do(func() { f.Close() }) // closing the file drops the lock
	}, nil
}
