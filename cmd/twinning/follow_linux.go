package main

import "syscall"

// followerAttr ends the follower if the server dies without stopping it (kill -9).
func followerAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM} }
