# shellcheck shell=bash
# figure NAME VALUE TARGET VERDICT: one figure for bench/all.sh's table, appended (tab-separated) to
# the file BENCH_FIGURES names when it is set; a no-op otherwise. The script prints its own report.
figure() {
  if [ -n "${BENCH_FIGURES:-}" ]; then
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$BENCH_FIGURES"
  fi
}
