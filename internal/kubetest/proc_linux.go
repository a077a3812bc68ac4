package kubetest

import "syscall"

// sysProcAttr makes the kernel kill the child when the test binary dies, so
// a crashed or timed-out test never leaks an API server.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
