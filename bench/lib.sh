# bench/lib.sh - shared by the bench_*.sh scripts (sourced, not run).
#
# The development machine is shared with other developers' builds, so a
# benchmark here must be fair to both sides of a ratio when the load comes
# and goes:
#   - the commands of one comparison run interleaved (A B C, A B C, ...),
#     so a busy moment falls on all of them alike;
#   - each run records elapsed time, CPU time (user + system: what the
#     command itself spent, which other load hardly changes) and peak RSS
#     (/usr/bin/time -v, "Maximum resident set size");
#   - results are the minimum (the least disturbed run) and the median of
#     the runs, both reported;
#   - instruction counts, which no load changes at all, come from `perf
#     stat` where the machine has hardware counters, else from valgrind's
#     callgrind (on a slice of the input: it runs some fifty times slower).
#
# Use:
#   . bench/lib.sh
#   bench_machine                       # prints the machine line
#   bench_add NAME COMMAND...           # registers a command (run with bash -c)
#   bench_runs RUNS                     # runs them all, interleaved, RUNS times
#   bench_stat NAME FIELD STAT          # FIELD wall|cpu|rss, STAT min|median|max
#   bench_instructions COMMAND...       # prints the instruction count, or "-"
# Measurements go to $BENCH_DIR/bench-runs.tsv (name, wall, cpu, rss KB).

BENCH_NAMES=()
declare -A BENCH_CMD

bench_machine() {
  local cpu mem
  cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
  mem=$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)
  echo "machine: $(nproc) CPUs ($cpu), ${mem} GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

bench_add() {
  local name=$1
  shift
  BENCH_NAMES+=("$name")
  BENCH_CMD[$name]="$*"
}

# One run of a registered command: appends "name wall cpu rss" to the TSV.
bench_once() {
  local name=$1 out=$BENCH_DIR/time-v.out
  /usr/bin/time -v -o "$out" bash -c "${BENCH_CMD[$name]}" >/dev/null 2>"$BENCH_DIR/bench-stderr.out" || true
  awk -v n="$name" -F': ' '
    /Elapsed \(wall clock\)/ { k = split($2, t, ":"); w = 0; for (i = 1; i <= k; i++) w = w * 60 + t[i] }
    /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { r = $2 }
    END { printf "%s\t%.3f\t%.3f\t%d\n", n, w, u + s, r }' "$out" >>"$BENCH_DIR/bench-runs.tsv"
}

bench_runs() {
  local runs=$1 r name
  : >"$BENCH_DIR/bench-runs.tsv"
  for r in $(seq "$runs"); do
    for name in "${BENCH_NAMES[@]}"; do bench_once "$name"; done
  done
}

bench_stat() {
  awk -F'\t' -v n="$1" -v f="$2" -v s="$3" '
    $1 == n { v[++k] = (f == "wall" ? $2 : f == "cpu" ? $3 : $4) }
    END {
      if (!k) { print "nan"; exit }
      for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
      if (s == "min") x = v[1]; else if (s == "max") x = v[k]; else x = (k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2)
      print x
    }' "$BENCH_DIR/bench-runs.tsv"
}

# x / y with two decimals ("nan" when y is 0).
bench_ratio() { awk -v x="$1" -v y="$2" 'BEGIN { if (y > 0) printf "%.2f", x / y; else print "nan" }'; }
# megabytes / seconds, rounded.
bench_rate() { awk -v mb="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", mb / s; else print "nan" }'; }
bench_mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.0f", b / 1e6 }'; }

bench_instructions() {
  if perf stat -x, -e instructions true 2>&1 | grep -q '^[0-9]'; then
    perf stat -x, -e instructions -o "$BENCH_DIR/perf-stat.out" "$@" >/dev/null 2>&1 || true
    awk -F, '/instructions/ { print $1; exit }' "$BENCH_DIR/perf-stat.out"
  elif command -v valgrind >/dev/null; then
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
      awk '/Collected :/ { print $NF; found = 1 } END { if (!found) print "-" }'
  else
    echo "-"
  fi
}
