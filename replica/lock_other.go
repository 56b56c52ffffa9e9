//go:build !unix

package replica

// lock is not taken where flock(2) is missing: run one replicating or following
// process per database there (docs/operations.md).
func lock(path, what string) (unlock func(), err error) { return func() {}, nil }
