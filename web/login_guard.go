package web

import (
	"context"
	"net"
	"runtime"
	"time"
)

// Sign-in limits, in a 15-minute window (well under ASVS's 100 failures an hour per
// account). Attempts are counted when they are let through to the password check,
// before the hash is computed, so parallel attempts cannot all slip in under a limit
// that is only read before and written after the hash.
const (
	signInsPerAddress = 20 // from one client address (IPv6: one /64)
	signInsPerAccount = 10 // for one account, from browsers it never signed in from
	signInsPerDevice  = 10 // from one browser the account signed in from before
	signInWindow      = 15 * time.Minute
	// hashWait is how long an attempt waits for a free hash slot before it is told
	// to try again; an attempt that gets none is not counted.
	hashWait = 3 * time.Second
)

// loginGuard decides, before any password is hashed, whether an attempt may be
// hashed, and bounds how many hashes run at once. An argon2id hash takes 64 MiB
// and a core for a fifth of a second on purpose; unbounded, a burst of wrong logins
// with no account at all exhausted memory and starved the public pages.
//
// Throttling is keyed so that a stranger's failures never lock the owner out: a
// browser the account signed in from before (its device cookie, login_device.go)
// is counted on its own key only, so neither a flood from the owner's address nor
// wrong guesses for the account from elsewhere refuse it. Strangers are counted
// per address and per account, so guessing one account from many addresses still
// reaches the hash at most signInsPerAccount times per window.
type loginGuard struct {
	*attempts

	// hashes are the slots every attempt may take: half the cores, since a hash
	// keeps one core busy (store.HashPassword), so the public always has the other
	// half. owners is one more slot only known devices may take, so a flood of
	// strangers filling the queue does not keep an owner waiting.
	hashes, owners chan struct{}
}

func newLoginGuard() *loginGuard {
	return &loginGuard{
		attempts: newAttempts(signInWindow),
		hashes:   make(chan struct{}, max(1, runtime.NumCPU()/2)),
		owners:   make(chan struct{}, 1),
	}
}

// keysFor are the counts an attempt is charged to: a known device's own, or a
// stranger's address and account.
func keysFor(address, email, device string) []attemptKey {
	if device != "" {
		return []attemptKey{{"device:" + tokenDigest(device), signInsPerDevice}}
	}
	return []attemptKey{{"address:" + addressKey(address), signInsPerAddress}, {"account:" + email, signInsPerAccount}}
}

// addressKey is the client address a count is kept for: the address itself for
// IPv4, its /64 for IPv6 (one subscriber usually holds a whole /64).
func addressKey(address string) string {
	ip := net.ParseIP(address)
	if ip == nil || ip.To4() != nil {
		return address
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// succeeded forgets a successful attempt: it is not a failure to count. A known
// device's earlier failures are forgotten too (its owner got the password right);
// a stranger's account count keeps the other failures, which were not the owner's.
func (g *loginGuard) succeeded(t ticket) {
	g.refund(t)
	g.forget(t, "device:")
}

// hashSlot waits up to hashWait for a slot to hash in and returns its release, or
// false when none came free (or the client left).
func (g *loginGuard) hashSlot(ctx context.Context, knownDevice bool) (release func(), ok bool) {
	owners := g.owners
	if !knownDevice {
		owners = nil // a nil channel is never ready: strangers cannot take the owners' slot
	}
	timer := time.NewTimer(hashWait)
	defer timer.Stop()
	select {
	case g.hashes <- struct{}{}:
		return func() { <-g.hashes }, true
	case owners <- struct{}{}:
		return func() { <-g.owners }, true
	case <-timer.C:
		return nil, false
	case <-ctx.Done():
		return nil, false
	}
}
