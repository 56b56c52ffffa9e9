//go:build !linux

package main

import "syscall"

// followerAttr: elsewhere than Linux the follower outlives a server killed -9.
func followerAttr() *syscall.SysProcAttr { return nil }
