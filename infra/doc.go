// Package infra holds deploy assets other than template.yaml (state machine
// definitions under statemachines/) and the tests that keep template.yaml, the
// Makefile and the functions/ folders consistent with each other.
package infra
