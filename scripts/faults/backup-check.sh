#!/bin/sh
# Online backup of a running portal's database, then a check of the copy.
# Usage: scripts/faults/backup-check.sh DB OUT
set -eu
db=${1:?database file}
out=${2:?new backup file}
go run ./cmd/twinning backup -db "$db" -out "$out"
go run ./cmd/twinning check -db "$out"
