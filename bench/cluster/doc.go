// Package cluster runs demarc the way an operator would: three `demarc
// serve` replicas on one PostgreSQL database behind nginx, under steady
// load of readers and signed-in people acknowledging, through a rolling
// restart, the SIGKILL of a replica, a model change pushed to every
// replica, and a restart of PostgreSQL. Its test (a shortened run in the
// suite) asserts what an operator is promised and prints the figures of
// each phase; bench/cluster.sh runs it at full length.
//
// Everything is real and on loopback: the demarc binary built from this
// module, nginx from Debian, the test PostgreSQL server.
package cluster
