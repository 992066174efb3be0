#!/bin/sh
# Compares the runtime's matrix products at the models' shapes between git revisions, in one JVM, alternating.
# Usage: bench/ab/run.sh [--rounds N] REV [REV...]    (REV: a commit, a tag, or "." for the working tree)
# Prints a Markdown table: best / median milliseconds of N rounds (default 20) for each op and revision.
# Each revision is checked out once as a git worktree under bench/target/ab (after deleting it: git worktree prune).
set -e
cd "$(dirname "$0")/../.."
root="$(pwd)" work="$root/bench/target/ab" rounds=20
if [ "$1" = "--rounds" ]; then rounds="$2"; shift 2; fi
[ $# -ge 1 ] || { sed -n 2,5p "$0"; exit 2; }
mkdir -p "$work"
builds=""
for rev in "$@"; do
  if [ "$rev" = "." ]; then
    (mvn -q -B -N install && mvn -q -B -DskipTests -pl grammar,runtime install) >&2
    src="$root"
    name=working-tree
  else
    name="$(git rev-parse --short "$rev")"
    src="$work/src-$name"
    [ -d "$src" ] || git worktree add -q --detach "$src" "$rev" >&2
    (cd "$src" && mvn -q -B -o -N install && mvn -q -B -o -DskipTests -pl runtime package) >&2
  fi
  out="$work/$name"
  rm -rf "$out" && mkdir -p "$out/ops" && cp -r "$src/runtime/target/classes" "$out/runtime"
  javac -nowarn -d "$out/ops" -cp "$out/runtime" bench/ab/ModelOps.java
  builds="$builds $name=$out/ops:$out/runtime"
done
javac -d "$work" bench/ab/RuntimeAB.java
exec java --add-modules jdk.incubator.vector -Xss16m -cp "$work" RuntimeAB "$rounds" $builds
