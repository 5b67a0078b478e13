// The pod sandbox's pause process for the local node. containerd's default sandbox image
// (registry.k8s.io/pause) is not reachable without internet, so the node's scripts build this one into
// a scratch image. It does what the upstream pause.c does: hold the pod's namespaces, reap orphaned
// children (a pod that shares its PID namespace re-parents them here) and exit on SIGINT/SIGTERM.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if os.Getpid() != 1 {
		os.Stderr.WriteString("pause: warning: not PID 1\n")
	}
	signals := make(chan os.Signal, 8)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM, syscall.SIGCHLD)
	for s := range signals {
		if s != syscall.SIGCHLD {
			os.Exit(0)
		}
		for {
			pid, err := syscall.Wait4(-1, nil, syscall.WNOHANG, nil)
			if pid <= 0 || err != nil {
				break
			}
		}
	}
}
